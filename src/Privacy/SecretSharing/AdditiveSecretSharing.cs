using System.Runtime.InteropServices;
using OrleansFed.Privacy.Encoding;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.SecretSharing;

/// <summary>
/// n-of-n additive secret sharing over Z_(2^64): n − 1 shares are uniform and the last makes the sum the secret,
/// so any n − 1 shares are independent of it. Sums of shared values are computed share-wise.
/// </summary>
public static class AdditiveSecretSharing
{
    /// <summary>Splits a scalar into <paramref name="parties"/> shares summing to it mod 2^64.</summary>
    /// <param name="secret">The secret ring element.</param>
    /// <param name="parties">n ≥ 2.</param>
    /// <param name="random">The secure source.</param>
    public static ulong[] Split(ulong secret, int parties, RandomSource random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 2);
        ArgumentNullException.ThrowIfNull(random);
        var shares = new ulong[parties];
        ulong sum = 0;
        for (int i = 1; i < parties; i++)
        {
            shares[i] = random.NextUInt64();
            sum = unchecked(sum + shares[i]);
        }

        shares[0] = unchecked(secret - sum);
        return shares;
    }

    /// <summary>Recovers a scalar from all of its shares.</summary>
    /// <param name="shares">Every share.</param>
    public static ulong Reconstruct(ReadOnlySpan<ulong> shares)
    {
        ulong sum = 0;
        foreach (ulong s in shares)
        {
            sum = unchecked(sum + s);
        }

        return sum;
    }

    /// <summary>Splits a vector into <paramref name="parties"/> vectors summing to it element-wise mod 2^64.</summary>
    /// <param name="secret">The secret vector.</param>
    /// <param name="parties">n ≥ 2.</param>
    /// <param name="random">The secure source.</param>
    public static ulong[][] SplitVector(ReadOnlySpan<ulong> secret, int parties, RandomSource random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 2);
        ArgumentNullException.ThrowIfNull(random);
        var shares = new ulong[parties][];
        shares[0] = secret.ToArray();
        for (int i = 1; i < parties; i++)
        {
            shares[i] = new ulong[secret.Length];
            random.Fill(MemoryMarshal.AsBytes(shares[i].AsSpan()));
            RingVector.Subtract(shares[0], shares[i]);
        }

        return shares;
    }

    /// <summary>Recovers a vector from all of its shares.</summary>
    /// <param name="shares">Every share; all the same length.</param>
    public static ulong[] ReconstructVector(IReadOnlyList<ulong[]> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        if (shares.Count == 0)
        {
            throw new ArgumentException("No shares.", nameof(shares));
        }

        var sum = new ulong[shares[0].Length];
        foreach (var share in shares)
        {
            RingVector.Add(sum, share);
        }

        return sum;
    }

    /// <summary>Encodes a signed real as a ring element with a fixed-point scale, e.g. a loss before sharing it.</summary>
    /// <param name="value">A finite value.</param>
    /// <param name="scale">The fixed-point scale (units per 1.0).</param>
    public static ulong EncodeFixedPoint(double value, double scale)
    {
        if (!double.IsFinite(value) || !(scale > 0) || Math.Abs(value * scale) >= 9.2e18)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "The value must be finite and fit 63 bits once scaled.");
        }

        return unchecked((ulong)(long)Math.Round(value * scale));
    }

    /// <summary>Decodes a ring element (e.g. a reconstructed sum) as a signed fixed-point value.</summary>
    /// <param name="element">The ring element.</param>
    /// <param name="scale">The fixed-point scale used to encode.</param>
    public static double DecodeFixedPoint(ulong element, double scale) => unchecked((long)element) / scale;
}
