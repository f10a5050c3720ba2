using OrleansFed.Privacy.Encoding;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>
/// The vector a participant feeds to secure aggregation for one model update, over Z_(2^32):
/// d fixed-point elements of the clipped update delta, then 1 (so the sum counts the contributors), the sample count
/// (an exact integer), and the fixed-point training loss. Summing these vectors and decoding once gives the mean delta,
/// the number of contributors, their total sample count and their mean loss — and nothing per participant.
/// </summary>
public sealed class SecAggUpdateCodec
{
    /// <summary>Elements after the delta: count, samples, loss.</summary>
    public const int ExtraElements = 3;

    /// <summary>Clipping bound of the loss element.</summary>
    public const double LossClip = 100;

    private readonly FixedPointCodec _delta;
    private readonly FixedPointCodec _loss;

    /// <summary>Creates the codec.</summary>
    /// <param name="parameterCount">d.</param>
    /// <param name="clip">Per-coordinate clipping bound of the delta.</param>
    /// <param name="bits">Quantization bits, at most 32.</param>
    /// <param name="maxSummands">Most vectors that will be summed.</param>
    public SecAggUpdateCodec(int parameterCount, double clip, int bits, int maxSummands)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parameterCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 32);
        ParameterCount = parameterCount;
        MaxSummands = maxSummands;
        _delta = Codec(clip, bits, maxSummands);
        _loss = Codec(LossClip, bits, maxSummands);
    }

    /// <summary>d.</summary>
    public int ParameterCount { get; }

    /// <summary>Most summands.</summary>
    public int MaxSummands { get; }

    /// <summary>d + <see cref="ExtraElements"/>.</summary>
    public int VectorLength => ParameterCount + ExtraElements;

    /// <summary>The largest sample count one vector may carry so that the sum of <see cref="MaxSummands"/> fits 32 bits.</summary>
    public long MaxSampleCount => uint.MaxValue / (uint)MaxSummands;

    /// <summary>Encodes one participant's update.</summary>
    /// <param name="delta">Local weights minus global weights (finite).</param>
    /// <param name="sampleCount">Local samples, 0 to <see cref="MaxSampleCount"/>.</param>
    /// <param name="loss">Mean local training loss (finite).</param>
    /// <param name="destination">Receives <see cref="VectorLength"/> elements.</param>
    /// <param name="random">Secure source for stochastic rounding.</param>
    public void Encode(ReadOnlySpan<float> delta, long sampleCount, float loss, Span<uint> destination, RandomSource random)
    {
        if (delta.Length != ParameterCount || destination.Length != VectorLength)
        {
            throw new ArgumentException($"Expected a delta of {ParameterCount} and a destination of {VectorLength} elements.", nameof(delta));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleCount, MaxSampleCount);
        _delta.Encode(delta, destination[..ParameterCount], random);
        destination[ParameterCount] = 1;
        destination[ParameterCount + 1] = (uint)sampleCount;
        ReadOnlySpan<float> lossValue = [loss];
        _loss.Encode(lossValue, destination.Slice(ParameterCount + 2, 1), random);
    }

    /// <summary>
    /// The finest codec the headroom rule allows. The scale is M/c stepped down to the largest double with ⌈c·s⌉ ≤ M:
    /// M/c itself can round so that c·s lands a hair above M (e.g. c = 100).
    /// </summary>
    private static FixedPointCodec Codec(double clip, int bits, int maxSummands)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSummands, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 2);
        if (!double.IsFinite(clip) || clip <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(clip), "The clip bound must be positive and finite.");
        }

        double max = (((1UL << (bits - 1)) - 1) / (ulong)maxSummands);
        double scale = max / clip;
        while (scale > 0 && Math.Ceiling(clip * scale) > max)
        {
            scale = Math.BitDecrement(scale);
        }

        return new FixedPointCodec(clip, bits, maxSummands, scale);
    }

    /// <summary>Decodes a sum of encoded vectors into the mean delta and the aggregate counters.</summary>
    /// <param name="sum">The Z_(2^32) sum of <see cref="VectorLength"/> elements.</param>
    /// <param name="meanDelta">Receives the mean of the contributors' clipped deltas (d elements).</param>
    /// <returns>Contributors, total samples and mean loss.</returns>
    public SecAggSumSummary Decode(ReadOnlySpan<uint> sum, Span<float> meanDelta)
    {
        if (sum.Length != VectorLength || meanDelta.Length != ParameterCount)
        {
            throw new ArgumentException($"Expected a sum of {VectorLength} and a destination of {ParameterCount} elements.", nameof(sum));
        }

        int count = (int)sum[ParameterCount];
        if (count < 1 || count > MaxSummands)
        {
            throw new ArgumentException($"The sum claims {count} contributors; 1 to {MaxSummands} are possible.", nameof(sum));
        }

        var decoded = new double[ParameterCount];
        _delta.DecodeSum(sum[..ParameterCount], decoded);
        for (int i = 0; i < decoded.Length; i++)
        {
            meanDelta[i] = (float)(decoded[i] / count);
        }

        Span<double> loss = stackalloc double[1];
        _loss.DecodeSum(sum.Slice(ParameterCount + 2, 1), loss);
        return new SecAggSumSummary(count, sum[ParameterCount + 1], (float)(loss[0] / count));
    }
}
