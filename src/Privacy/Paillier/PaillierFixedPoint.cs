using System.Numerics;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.Paillier;

/// <summary>
/// Fixed-point encoding of signed reals as Paillier plaintexts: x ↦ round(x·s) mod n, read back as a signed integer in
/// (−n/2, n/2] divided by s. Sums of encodings decode to sums of values as long as the integer sum stays below n/2 in
/// magnitude; a product with an encoded factor carries the scale s² and is decoded with <see cref="Decode(BigInteger, int)"/>.
/// </summary>
public sealed class PaillierFixedPoint
{
    private readonly PaillierPublicKey _key;

    /// <summary>Creates an encoding with scale <paramref name="scale"/> (units per 1.0) for <paramref name="key"/>.</summary>
    /// <param name="key">The public key whose plaintext space Z_n is used.</param>
    /// <param name="scale">s &gt; 0, e.g. 2^32.</param>
    public PaillierFixedPoint(PaillierPublicKey key, double scale)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!(scale > 0) || !double.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), "The scale must be positive and finite.");
        }

        _key = key;
        Scale = scale;
    }

    /// <summary>s.</summary>
    public double Scale { get; }

    /// <summary>round(x·s) mod n, rounding to nearest.</summary>
    /// <param name="value">A finite value.</param>
    public BigInteger Encode(double value) => _key.Reduce(new BigInteger(Math.Round(Scaled(value))));

    /// <summary>x·s rounded stochastically (unbiased) with secure randomness, mod n.</summary>
    /// <param name="value">A finite value.</param>
    /// <param name="random">The secure source.</param>
    public BigInteger EncodeStochastic(double value, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double scaled = Scaled(value);
        double floor = Math.Floor(scaled);
        return _key.Reduce(new BigInteger(floor) + (random.NextDouble() < scaled - floor ? 1 : 0));
    }

    /// <summary>Reads a plaintext as a signed integer divided by s.</summary>
    /// <param name="plaintext">m ∈ [0, n).</param>
    public double Decode(BigInteger plaintext) => Decode(plaintext, 1);

    /// <summary>Reads a plaintext carrying scale s^<paramref name="scalePower"/> (after multiplications by encoded factors).</summary>
    /// <param name="plaintext">m ∈ [0, n).</param>
    /// <param name="scalePower">How many encoded factors the value is a product of.</param>
    public double Decode(BigInteger plaintext, int scalePower)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scalePower, 1);
        double value = (double)_key.ToSigned(plaintext);
        for (int i = 0; i < scalePower; i++)
        {
            value /= Scale;
        }

        return value;
    }

    /// <summary>Encodes and encrypts.</summary>
    /// <param name="value">A finite value.</param>
    /// <param name="random">The secure source.</param>
    public PaillierCiphertext Encrypt(double value, RandomSource random) => _key.Encrypt(EncodeStochastic(value, random), random);

    private double Scaled(double value)
    {
        double scaled = value * Scale;
        if (!double.IsFinite(scaled))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "The value must be finite once scaled.");
        }

        if (Math.Abs(scaled) >= (double)(_key.Modulus / 4))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "The scaled value exceeds a quarter of the plaintext space.");
        }

        return scaled;
    }
}
