using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Privacy.Tests.SecureAggregation;

public sealed class SecAggUpdateCodecTests
{
    [Fact]
    public void The_decoded_sum_gives_the_mean_delta_the_contributor_count_the_total_samples_and_the_mean_loss()
    {
        var codec = new SecAggUpdateCodec(parameterCount: 3, clip: 1.0, bits: 32, maxSummands: 4);
        using var random = new AesCtrRandomSource(new byte[16]);
        float[][] deltas = [[0.5f, -0.25f, 0.125f], [-0.5f, 0.75f, 0.375f], [0.25f, 0.25f, -1f]];
        long[] samples = [100, 250, 7];
        float[] losses = [1.5f, 0.5f, 2.5f];
        var sum = new uint[codec.VectorLength];
        var x = new uint[codec.VectorLength];
        for (var i = 0; i < 3; i++)
        {
            codec.Encode(deltas[i], samples[i], losses[i], x, random);
            for (var j = 0; j < sum.Length; j++)
            {
                sum[j] = unchecked(sum[j] + x[j]);
            }
        }

        var mean = new float[3];
        var summary = codec.Decode(sum, mean);
        Assert.Equal(3, summary.Contributors);
        Assert.Equal(357, summary.Samples);
        Assert.Equal(1.5f, summary.MeanLoss, 6);
        Assert.Equal(1f / 12, mean[0], 6);
        Assert.Equal(0.25f, mean[1], 6);
        Assert.Equal(-0.5f / 3, mean[2], 6);
    }

    [Fact]
    public void Deltas_beyond_the_clip_bound_are_clipped_per_coordinate()
    {
        var codec = new SecAggUpdateCodec(parameterCount: 2, clip: 0.5, bits: 32, maxSummands: 2);
        using var random = new AesCtrRandomSource(new byte[16]);
        var x = new uint[codec.VectorLength];
        codec.Encode([3f, -9f], 1, 0f, x, random);
        var mean = new float[2];
        codec.Decode(x, mean);
        Assert.Equal([0.5f, -0.5f], mean);
    }

    [Theory]
    [InlineData(1.0, 32, 4)]
    [InlineData(0.3, 16, 7)]
    [InlineData(3.7, 24, 100)]
    public void Codecs_respect_the_headroom_rule_for_any_clip_bound(double clip, int bits, int summands)
    {
        // The loss element's clip (100) with 4 summands used to round c·s above the headroom and throw.
        var codec = new SecAggUpdateCodec(parameterCount: 1, clip, bits, summands);
        Assert.Equal(4, codec.VectorLength);
    }

    [Fact]
    public void Non_finite_values_wrong_lengths_and_sums_with_impossible_counts_are_rejected()
    {
        var codec = new SecAggUpdateCodec(parameterCount: 2, clip: 1, bits: 32, maxSummands: 3);
        using var random = new AesCtrRandomSource(new byte[16]);
        var x = new uint[codec.VectorLength];
        Assert.Throws<ArgumentException>(() => codec.Encode([float.NaN, 0f], 1, 0f, x, random));
        Assert.Throws<ArgumentException>(() => codec.Encode([0f, 0f], 1, float.PositiveInfinity, x, random));
        Assert.Throws<ArgumentException>(() => codec.Encode([0f], 1, 0f, x, random));
        Assert.Throws<ArgumentOutOfRangeException>(() => codec.Encode([0f, 0f], -1, 0f, x, random));
        var sum = new uint[codec.VectorLength];
        sum[2] = 4; // more contributors than summands
        Assert.Throws<ArgumentException>(() => codec.Decode(sum, new float[2]));
        sum[2] = 0;
        Assert.Throws<ArgumentException>(() => codec.Decode(sum, new float[2]));
    }
}
