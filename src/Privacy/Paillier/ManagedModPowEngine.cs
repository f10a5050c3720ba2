using System.Numerics;

namespace OrleansFed.Privacy.Paillier;

/// <summary><see cref="BigInteger.ModPow"/>: portable, roughly ten times slower than GMP, and not constant-time.</summary>
internal sealed class ManagedModPowEngine : IModPowEngine
{
    public static ManagedModPowEngine Instance { get; } = new();

    public ModPowBackend Backend => ModPowBackend.Managed;

    public BigInteger ModPow(BigInteger value, BigInteger exponent, BigInteger modulus) => BigInteger.ModPow(value, exponent, modulus);

    public BigInteger ModPowSecret(BigInteger value, BigInteger exponent, BigInteger modulus) => BigInteger.ModPow(value, exponent, modulus);
}
