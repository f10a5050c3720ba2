using System.Numerics;

namespace OrleansFed.Privacy.Paillier;

/// <summary>Modular exponentiation for non-negative operands.</summary>
internal interface IModPowEngine
{
    /// <summary>The backend this engine implements.</summary>
    ModPowBackend Backend { get; }

    /// <summary>value^exponent mod modulus, for public exponents.</summary>
    BigInteger ModPow(BigInteger value, BigInteger exponent, BigInteger modulus);

    /// <summary>value^exponent mod modulus (odd modulus, exponent &gt; 0) in time independent of the secret exponent where the backend allows.</summary>
    BigInteger ModPowSecret(BigInteger value, BigInteger exponent, BigInteger modulus);
}
