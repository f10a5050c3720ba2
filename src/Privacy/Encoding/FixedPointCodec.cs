using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.Encoding;

/// <summary>
/// Encodes real values into the ring Z_(2^k) so that sums of up to <see cref="MaxSummands"/> encoded vectors decode
/// exactly: clip to [−c, c], scale by s, round stochastically (unbiased, with secure randomness), and wrap as a
/// two's-complement k-bit integer.
/// </summary>
/// <remarks>
/// Headroom rule: every encoded integer lies in [−M, M] with M = ⌊(2^(k−1) − 1)/N⌋ for N = <see cref="MaxSummands"/>,
/// so any sum of at most N of them lies in [−(2^(k−1) − 1), 2^(k−1) − 1] and its signed reading in Z_(2^k) is the
/// true integer sum. The scale is s = M/c when not given; an explicit scale must satisfy ⌈c·s⌉ ≤ M.
/// </remarks>
public sealed class FixedPointCodec
{
    private const int ChunkLength = StochasticRounding.ChunkLength;

    private readonly ulong _mask;

    /// <summary>Creates a codec with the largest scale the headroom rule allows.</summary>
    /// <param name="clipBound">c &gt; 0: values are clipped to [−c, c].</param>
    /// <param name="bits">k in [2, 64]: the ring is Z_(2^k).</param>
    /// <param name="maxSummands">N ≥ 1: how many encoded vectors may be summed.</param>
    public FixedPointCodec(double clipBound, int bits, int maxSummands)
        : this(clipBound, bits, maxSummands, scale: null)
    {
    }

    /// <summary>Creates a codec with an explicit scale, checked against the headroom rule.</summary>
    /// <param name="clipBound">c &gt; 0.</param>
    /// <param name="bits">k in [2, 64].</param>
    /// <param name="maxSummands">N ≥ 1.</param>
    /// <param name="scale">s &gt; 0, or null for the largest allowed.</param>
    public FixedPointCodec(double clipBound, int bits, int maxSummands, double? scale)
    {
        if (!(clipBound > 0) || !double.IsFinite(clipBound))
        {
            throw new ArgumentOutOfRangeException(nameof(clipBound), "The clip bound must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSummands, 1);

        ulong halfRange = (1UL << (bits - 1)) - 1;
        ulong maxMagnitude = halfRange / (ulong)maxSummands;
        if (maxMagnitude == 0)
        {
            throw new ArgumentException($"Z_(2^{bits}) has no headroom for {maxSummands} summands.", nameof(maxSummands));
        }

        double s = scale ?? maxMagnitude / clipBound;
        if (!(s > 0) || !double.IsFinite(s) || Math.Ceiling(clipBound * s) > maxMagnitude)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), $"Scale {s} violates the headroom rule: ⌈c·s⌉ must not exceed {maxMagnitude}.");
        }

        ClipBound = clipBound;
        Bits = bits;
        MaxSummands = maxSummands;
        Scale = s;
        MaxEncodedMagnitude = (long)maxMagnitude;
        _mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
    }

    /// <summary>c: values are clipped to [−c, c].</summary>
    public double ClipBound { get; }

    /// <summary>k: encodings live in Z_(2^k).</summary>
    public int Bits { get; }

    /// <summary>N: the largest number of encoded vectors whose sum decodes exactly.</summary>
    public int MaxSummands { get; }

    /// <summary>s: one unit of the encoding is 1/s in value.</summary>
    public double Scale { get; }

    /// <summary>M: every encoded integer lies in [−M, M].</summary>
    public long MaxEncodedMagnitude { get; }

    /// <summary>Encodes <paramref name="values"/> into Z_(2^k) (stored in the low k bits).</summary>
    /// <param name="values">Finite values; NaN or ±∞ is rejected.</param>
    /// <param name="destination">Receives the ring elements; same length.</param>
    /// <param name="random">The secure source for stochastic rounding.</param>
    public void Encode(ReadOnlySpan<float> values, Span<ulong> destination, RandomSource random)
    {
        CheckLengths(values.Length, destination.Length);
        ArgumentNullException.ThrowIfNull(random);
        Span<long> encoded = stackalloc long[ChunkLength];
        for (int start = 0; start < values.Length; start += ChunkLength)
        {
            var chunk = encoded[..Math.Min(ChunkLength, values.Length - start)];
            EncodeChunk(values.Slice(start, chunk.Length), start, chunk, random);
            for (int i = 0; i < chunk.Length; i++)
            {
                destination[start + i] = (ulong)chunk[i] & _mask;
            }
        }
    }

    /// <summary>Encodes <paramref name="values"/> into Z_(2^k) for k ≤ 32.</summary>
    /// <param name="values">Finite values; NaN or ±∞ is rejected.</param>
    /// <param name="destination">Receives the ring elements; same length.</param>
    /// <param name="random">The secure source for stochastic rounding.</param>
    public void Encode(ReadOnlySpan<float> values, Span<uint> destination, RandomSource random)
    {
        if (Bits > 32)
        {
            throw new InvalidOperationException($"A {Bits}-bit encoding does not fit 32-bit words.");
        }

        CheckLengths(values.Length, destination.Length);
        ArgumentNullException.ThrowIfNull(random);
        Span<long> encoded = stackalloc long[ChunkLength];
        for (int start = 0; start < values.Length; start += ChunkLength)
        {
            var chunk = encoded[..Math.Min(ChunkLength, values.Length - start)];
            EncodeChunk(values.Slice(start, chunk.Length), start, chunk, random);
            for (int i = 0; i < chunk.Length; i++)
            {
                destination[start + i] = (uint)((ulong)chunk[i] & _mask);
            }
        }
    }

    /// <summary>Reads a ring element (or a sum of at most N of them) as the signed integer it represents.</summary>
    /// <param name="element">An element of Z_(2^k).</param>
    public long ToSignedInteger(ulong element)
    {
        element &= _mask;
        return Bits == 64 ? (long)element : (long)(element << (64 - Bits)) >> (64 - Bits);
    }

    /// <summary>Decodes a sum of at most N encoded vectors back to real values (the integer sum divided by s).</summary>
    /// <param name="sum">The ring sum.</param>
    /// <param name="destination">Receives the decoded values; same length.</param>
    public void DecodeSum(ReadOnlySpan<ulong> sum, Span<double> destination)
    {
        CheckLengths(sum.Length, destination.Length);
        for (int i = 0; i < sum.Length; i++)
        {
            destination[i] = ToSignedInteger(sum[i]) / Scale;
        }
    }

    /// <summary>Decodes a 32-bit ring sum of at most N encoded vectors back to real values.</summary>
    /// <param name="sum">The ring sum.</param>
    /// <param name="destination">Receives the decoded values; same length.</param>
    public void DecodeSum(ReadOnlySpan<uint> sum, Span<double> destination)
    {
        CheckLengths(sum.Length, destination.Length);
        for (int i = 0; i < sum.Length; i++)
        {
            destination[i] = ToSignedInteger(sum[i]) / Scale;
        }
    }

    /// <summary>Encodes one chunk: clip, scale, stochastic rounding, then the encodable range.</summary>
    private void EncodeChunk(ReadOnlySpan<float> values, int offset, Span<long> destination, RandomSource random)
    {
        // E[encoding] = c-clipped value · s.
        StochasticRounding.RoundChunk(values, ClipBound, Scale, offset, destination, random);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Math.Clamp(destination[i], -MaxEncodedMagnitude, MaxEncodedMagnitude);
        }
    }

    private static void CheckLengths(int source, int destination)
    {
        if (source != destination)
        {
            throw new ArgumentException("Source and destination must have the same length.", nameof(destination));
        }
    }
}
