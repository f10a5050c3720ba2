using System.Numerics;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.Paillier;

/// <summary>
/// A Paillier public key n with g = n + 1: encryption E(m) = (1 + m·n)·r^n mod n², and the homomorphisms
/// E(a)·E(b) = E(a + b), E(a)^k = E(k·a) over Z_n.
/// </summary>
public sealed class PaillierPublicKey
{
    /// <summary>The smallest modulus accepted: 2048 bits (about 112-bit security).</summary>
    public const int MinimumModulusBits = 2048;

    private readonly IModPowEngine _engine;

    /// <summary>Creates a public key from a modulus received from its owner.</summary>
    /// <param name="modulus">n, at least <see cref="MinimumModulusBits"/> bits.</param>
    /// <param name="precomputedBase">Optional h_s = (−x²)^n mod n² enabling <see cref="EncryptWithPrecomputedBase"/>.</param>
    /// <param name="backend">The modular-exponentiation engine.</param>
    public PaillierPublicKey(BigInteger modulus, BigInteger? precomputedBase = null, ModPowBackend backend = ModPowBackend.Auto)
        : this(modulus, precomputedBase, backend, MinimumModulusBits)
    {
    }

    /// <summary>
    /// INSECURE, for fast tests only: a public key of at least <see cref="PaillierKeyPair.MinimumTestModulusBits"/> bits,
    /// without the 2048-bit floor (the counterpart of <see cref="PaillierKeyPair.GenerateInsecureTestKey"/>).
    /// </summary>
    /// <param name="modulus">n.</param>
    /// <param name="precomputedBase">Optional h_s.</param>
    /// <param name="backend">The modular-exponentiation engine.</param>
    /// <returns>The key.</returns>
    public static PaillierPublicKey ForTesting(BigInteger modulus, BigInteger? precomputedBase = null, ModPowBackend backend = ModPowBackend.Auto) =>
        new(modulus, precomputedBase, backend, PaillierKeyPair.MinimumTestModulusBits);

    internal PaillierPublicKey(BigInteger modulus, BigInteger? precomputedBase, ModPowBackend backend, int minimumBits)
    {
        if (modulus.IsEven || modulus.GetBitLength() < minimumBits)
        {
            throw new ArgumentException($"A Paillier modulus is odd and has at least {minimumBits} bits.", nameof(modulus));
        }

        Modulus = modulus;
        ModulusSquared = modulus * modulus;
        if (precomputedBase is { } h && (h <= 1 || h >= ModulusSquared || !BigInteger.GreatestCommonDivisor(h, modulus).IsOne))
        {
            throw new ArgumentException("The precomputed base is not a unit of Z_(n²).", nameof(precomputedBase));
        }

        PrecomputedBase = precomputedBase;
        _engine = ModPowEngines.Resolve(backend);
    }

    /// <summary>n.</summary>
    public BigInteger Modulus { get; }

    /// <summary>n².</summary>
    public BigInteger ModulusSquared { get; }

    /// <summary>The bit length of n.</summary>
    public int Bits => (int)Modulus.GetBitLength();

    /// <summary>h_s for <see cref="EncryptWithPrecomputedBase"/>, if any.</summary>
    public BigInteger? PrecomputedBase { get; }

    /// <summary>The engine in use (GMP or managed).</summary>
    public ModPowBackend Backend => _engine.Backend;

    internal IModPowEngine Engine => _engine;

    /// <summary>Encrypts m ∈ [0, n) with fresh randomness r ∈ Z*_n: c = (1 + m·n)·r^n mod n².</summary>
    /// <param name="plaintext">m.</param>
    /// <param name="random">The secure source for r.</param>
    public PaillierCiphertext Encrypt(BigInteger plaintext, RandomSource random)
    {
        CheckPlaintext(plaintext);
        ArgumentNullException.ThrowIfNull(random);
        return new PaillierCiphertext(GPower(plaintext) * _engine.ModPow(RandomUnit(random), Modulus, ModulusSquared) % ModulusSquared);
    }

    /// <summary>
    /// Encrypts with the precomputed-base trick of Damgård, Jurik and Nielsen: c = (1 + m·n)·h_s^α mod n² for a random
    /// α of ⌈bits/2⌉ bits, about half the cost of <see cref="Encrypt"/>. Security rests on DJN's variant of the decisional
    /// composite residuosity assumption (h_s^α is indistinguishable from a random n-th residue).
    /// </summary>
    /// <param name="plaintext">m.</param>
    /// <param name="random">The secure source for α.</param>
    public PaillierCiphertext EncryptWithPrecomputedBase(BigInteger plaintext, RandomSource random)
    {
        CheckPlaintext(plaintext);
        ArgumentNullException.ThrowIfNull(random);
        var h = PrecomputedBase ?? throw new InvalidOperationException("This key carries no precomputed base.");
        BigInteger alpha = random.NextBigInteger(BigInteger.One << ((Bits + 1) / 2));
        return new PaillierCiphertext(GPower(plaintext) * _engine.ModPow(h, alpha, ModulusSquared) % ModulusSquared);
    }

    /// <summary>E(a + b) from E(a) and E(b).</summary>
    /// <param name="a">E(a).</param>
    /// <param name="b">E(b).</param>
    public PaillierCiphertext Add(PaillierCiphertext a, PaillierCiphertext b) =>
        new(CheckCiphertext(a) * CheckCiphertext(b) % ModulusSquared);

    /// <summary>E(a + m) from E(a) and a plaintext m (deterministic: rerandomize before publishing).</summary>
    /// <param name="a">E(a).</param>
    /// <param name="plaintext">m, reduced mod n (negative values allowed).</param>
    public PaillierCiphertext AddPlaintext(PaillierCiphertext a, BigInteger plaintext) =>
        new(CheckCiphertext(a) * GPower(Reduce(plaintext)) % ModulusSquared);

    /// <summary>E(k·a) from E(a) and a plaintext k (negative values allowed).</summary>
    /// <param name="a">E(a).</param>
    /// <param name="factor">k, reduced mod n.</param>
    public PaillierCiphertext MultiplyPlaintext(PaillierCiphertext a, BigInteger factor) =>
        new(_engine.ModPow(CheckCiphertext(a), Reduce(factor), ModulusSquared));

    /// <summary>A fresh-looking encryption of the same plaintext: c·r^n mod n².</summary>
    /// <param name="a">E(a).</param>
    /// <param name="random">The secure source for r.</param>
    public PaillierCiphertext Rerandomize(PaillierCiphertext a, RandomSource random) =>
        new(CheckCiphertext(a) * _engine.ModPow(RandomUnit(random), Modulus, ModulusSquared) % ModulusSquared);

    /// <summary>The representative of <paramref name="value"/> in [0, n) (negative values wrap).</summary>
    /// <param name="value">Any integer.</param>
    public BigInteger Reduce(BigInteger value)
    {
        var r = BigInteger.Remainder(value, Modulus);
        return r.Sign < 0 ? r + Modulus : r;
    }

    /// <summary>Reads m ∈ [0, n) as a signed integer in (−n/2, n/2].</summary>
    /// <param name="plaintext">m.</param>
    public BigInteger ToSigned(BigInteger plaintext) => plaintext > Modulus / 2 ? plaintext - Modulus : plaintext;

    /// <summary>h_s = (−x²)^n mod n² for a random unit x: the public precomputation for <see cref="EncryptWithPrecomputedBase"/>.</summary>
    /// <param name="random">The secure source.</param>
    public BigInteger CreatePrecomputedBase(RandomSource random)
    {
        BigInteger x = RandomUnit(random);
        BigInteger h = Modulus - x * x % Modulus;
        return _engine.ModPow(h, Modulus, ModulusSquared);
    }

    // (n + 1)^m ≡ 1 + m·n (mod n²): no exponentiation needed.
    private BigInteger GPower(BigInteger m) => (BigInteger.One + m * Modulus) % ModulusSquared;

    private BigInteger RandomUnit(RandomSource random)
    {
        while (true)
        {
            BigInteger r = random.NextBigInteger(Modulus);
            if (!r.IsZero && BigInteger.GreatestCommonDivisor(r, Modulus).IsOne)
            {
                return r;
            }
        }
    }

    private void CheckPlaintext(BigInteger plaintext)
    {
        if (plaintext.Sign < 0 || plaintext >= Modulus)
        {
            throw new ArgumentOutOfRangeException(nameof(plaintext), "Plaintexts lie in [0, n); use Reduce for signed values.");
        }
    }

    private BigInteger CheckCiphertext(PaillierCiphertext ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        if (ciphertext.Value.Sign <= 0 || ciphertext.Value >= ModulusSquared)
        {
            throw new ArgumentException("The ciphertext is not an element of Z_(n²) for this key.", nameof(ciphertext));
        }

        return ciphertext.Value;
    }
}
