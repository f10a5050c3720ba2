using System.Numerics;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.Paillier;

/// <summary>A generated Paillier key pair.</summary>
/// <param name="PublicKey">The public key (with a precomputed base for fast encryption).</param>
/// <param name="PrivateKey">The private key.</param>
public sealed record PaillierKeyPair(PaillierPublicKey PublicKey, PaillierPrivateKey PrivateKey)
{
    /// <summary>
    /// Generates n = p·q from two random probable primes of half the size (top two bits set, so n has exactly
    /// <paramref name="modulusBits"/> bits; |p − q| is checked to be large), with g = n + 1.
    /// </summary>
    /// <param name="modulusBits">The size of n: at least 2048.</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    /// <param name="backend">The modular-exponentiation engine.</param>
    public static PaillierKeyPair Generate(int modulusBits = 2048, RandomSource? random = null, ModPowBackend backend = ModPowBackend.Auto) =>
        Generate(modulusBits, random, backend, PaillierPublicKey.MinimumModulusBits);

    /// <summary>
    /// INSECURE, for fast tests only: generates a key of <paramref name="modulusBits"/> ≥ <see cref="MinimumTestModulusBits"/>
    /// bits without the 2048-bit floor. Keys this small can be factored; never use one outside a test.
    /// </summary>
    /// <param name="modulusBits">The size of n (even, at least <see cref="MinimumTestModulusBits"/>).</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    /// <param name="backend">The modular-exponentiation engine.</param>
    /// <returns>The key pair.</returns>
    public static PaillierKeyPair GenerateInsecureTestKey(int modulusBits, RandomSource? random = null, ModPowBackend backend = ModPowBackend.Auto) =>
        Generate(modulusBits, random, backend, MinimumTestModulusBits);

    /// <summary>The smallest modulus <see cref="GenerateInsecureTestKey"/> and <see cref="PaillierPublicKey.ForTesting"/> accept.</summary>
    public const int MinimumTestModulusBits = 256;

    /// <summary>Key generation without the size floor, for fast tests only.</summary>
    internal static PaillierKeyPair Generate(int modulusBits, RandomSource? random, ModPowBackend backend, int minimumBits)
    {
        if (modulusBits < minimumBits || modulusBits % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(modulusBits), $"The modulus must have an even number of bits, at least {minimumBits}.");
        }

        random ??= new CryptoRandomSource();
        var engine = ModPowEngines.Resolve(backend);
        int half = modulusBits / 2;
        while (true)
        {
            BigInteger p = PrimeGenerator.Generate(half, random, engine);
            BigInteger q = PrimeGenerator.Generate(half, random, engine);
            // Fermat's factoring method finds p, q quickly when they are close; require a gap of 2^(half − 100).
            if (BigInteger.Abs(p - q).GetBitLength() <= half - 100)
            {
                continue;
            }

            BigInteger n = p * q;
            if (n.GetBitLength() != modulusBits)
            {
                continue;
            }

            var withoutBase = new PaillierPublicKey(n, null, backend, minimumBits);
            var publicKey = new PaillierPublicKey(n, withoutBase.CreatePrecomputedBase(random), backend, minimumBits);
            return new PaillierKeyPair(publicKey, new PaillierPrivateKey(p, q, publicKey));
        }
    }
}
