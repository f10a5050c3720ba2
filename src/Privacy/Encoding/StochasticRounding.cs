using System.Buffers.Binary;
using System.Runtime.InteropServices;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.Encoding;

/// <summary>
/// Unbiased stochastic rounding of scaled values to integers with a secure source, shared by the fixed-point and the
/// distributed-Gaussian encodings. The draws of a chunk are taken in one <see cref="RandomSource.Fill"/> of 8 bytes per
/// value — the same bytes, in the same order, that one <see cref="RandomSource.NextDouble"/> per value would take — so
/// the result is the same, without a call into the source per value.
/// </summary>
internal static class StochasticRounding
{
    /// <summary>Most values one <see cref="RoundChunk"/> call takes: 2 KiB of draws, below the source's 4 KiB buffer, so
    /// the source serves them from its buffer in the byte order of one draw per value.</summary>
    public const int ChunkLength = 256;

    /// <summary>
    /// destination[i] = clamp(values[i], −clip, clip)·factor rounded down or up, up with probability equal to the
    /// fractional part, so that its expectation is the scaled value.
    /// </summary>
    /// <param name="values">At most <see cref="ChunkLength"/> finite values.</param>
    /// <param name="clip">Bound each value is clamped to before scaling (<see cref="double.PositiveInfinity"/> for none).</param>
    /// <param name="factor">The scale.</param>
    /// <param name="offset">Index of values[0] in the caller's vector, for the error message.</param>
    /// <param name="destination">Receives one integer per value.</param>
    /// <param name="random">The secure source.</param>
    /// <exception cref="ArgumentException">A value is not finite.</exception>
    public static void RoundChunk(ReadOnlySpan<float> values, double clip, double factor, int offset, Span<long> destination, RandomSource random)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(values.Length, ChunkLength);
        Span<ulong> draws = stackalloc ulong[ChunkLength];
        draws = draws[..values.Length];
        random.Fill(MemoryMarshal.AsBytes(draws));
        try
        {
            for (int i = 0; i < values.Length; i++)
            {
                float value = values[i];
                if (!float.IsFinite(value))
                {
                    throw new ArgumentException($"Value at index {offset + i} is not finite.", nameof(values));
                }

                double scaled = Math.Clamp(value, -clip, clip) * factor;
                double floor = Math.Floor(scaled);
                ulong bits = BitConverter.IsLittleEndian ? draws[i] : BinaryPrimitives.ReverseEndianness(draws[i]);
                double uniform = (bits >> 11) * (1.0 / (1UL << 53));
                destination[i] = (long)floor + (uniform < scaled - floor ? 1 : 0);
            }
        }
        finally
        {
            // Wiped like the source's own buffer, so the rounding draws cannot be recovered from memory later.
            draws.Clear();
        }
    }
}
