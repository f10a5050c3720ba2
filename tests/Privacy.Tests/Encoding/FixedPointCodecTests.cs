using OrleansFed.Privacy.Encoding;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.Tests.Support;

namespace OrleansFed.Privacy.Tests.Encoding;

public sealed class FixedPointCodecTests
{
    [Fact]
    public void Sum_of_n_encoded_vectors_decodes_to_the_exact_integer_sum_even_when_it_wraps()
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(1));
        var codec = new FixedPointCodec(clipBound: 1.0, bits: 32, maxSummands: 100);
        var ring = new uint[4];
        var integers = new long[4];
        var encoded = new uint[4];
        float[] values = [1.0f, -1.0f, 0.3f, -0.7f];
        for (int party = 0; party < 100; party++)
        {
            codec.Encode(values, encoded, random);
            RingVector.Add(ring, encoded);
            for (int i = 0; i < 4; i++)
            {
                integers[i] += codec.ToSignedInteger(encoded[i]);
            }
        }

        var decoded = new double[4];
        codec.DecodeSum(ring, decoded);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(integers[i], codec.ToSignedInteger(ring[i]));
            Assert.Equal(integers[i] / codec.Scale, decoded[i]);
        }

        // All-extreme inputs reach the headroom without overflowing.
        Assert.Equal(100 * codec.MaxEncodedMagnitude, integers[0]);
        Assert.Equal(-100 * codec.MaxEncodedMagnitude, integers[1]);
    }

    [Fact]
    public void Headroom_rule_sets_the_largest_scale_whose_n_fold_sum_fits()
    {
        var codec = new FixedPointCodec(clipBound: 2.0, bits: 32, maxSummands: 1000);
        Assert.Equal((long)(int.MaxValue / 1000), codec.MaxEncodedMagnitude);
        Assert.True(codec.MaxEncodedMagnitude * 1000L <= int.MaxValue);
        Assert.Equal(codec.MaxEncodedMagnitude / 2.0, codec.Scale);
    }

    [Fact]
    public void Explicit_scale_that_breaks_the_headroom_rule_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedPointCodec(1.0, 16, 10, scale: 5000));
        Assert.Throws<ArgumentException>(() => new FixedPointCodec(1.0, 8, 200));
    }

    [Fact]
    public void Values_beyond_the_clip_bound_are_clipped()
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(2));
        var codec = new FixedPointCodec(clipBound: 1.0, bits: 16, maxSummands: 1, scale: 1000);
        var encoded = new ulong[2];
        codec.Encode([5.0f, -5.0f], encoded, random);
        Assert.Equal(1000, codec.ToSignedInteger(encoded[0]));
        Assert.Equal(-1000, codec.ToSignedInteger(encoded[1]));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Non_finite_values_are_rejected(float bad)
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(3));
        var codec = new FixedPointCodec(1.0, 32, 10);
        Assert.Throws<ArgumentException>(() => codec.Encode([0.5f, bad], new uint[2], random));
    }

    [Fact]
    public void Stochastic_rounding_is_unbiased()
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(4));
        var codec = new FixedPointCodec(clipBound: 1.0, bits: 32, maxSummands: 1, scale: 10);
        var values = new float[100_000];
        Array.Fill(values, 0.037f); // 0.37 units: rounds up with probability 0.37
        var encoded = new uint[values.Length];
        codec.Encode(values, encoded, random);
        double ups = encoded.Count(e => e == 1);
        Assert.Equal(values.Length, encoded.Count(e => e is 0 or 1));
        double p = (double)0.037f * 10;
        double sd = Math.Sqrt(values.Length * p * (1 - p));
        Assert.InRange(ups, values.Length * p - 4 * sd, values.Length * p + 4 * sd);
    }

    [Fact]
    public void Sixty_four_bit_codec_round_trips_negative_sums()
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(5));
        var codec = new FixedPointCodec(clipBound: 10.0, bits: 64, maxSummands: 3, scale: 1 << 20);
        var a = new ulong[1];
        var b = new ulong[1];
        codec.Encode([-7.5f], a, random);
        codec.Encode([2.25f], b, random);
        RingVector.Add(a, b);
        var decoded = new double[1];
        codec.DecodeSum(a, decoded);
        Assert.Equal(-5.25, decoded[0]);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public void Encoding_draws_one_next_double_per_value_in_order_across_chunks(int bits)
    {
        // 1,000 values span several of the codec's internal chunks; the draws must be exactly those one NextDouble per
        // value would give (same bytes, same order), so chunking changes no encoding.
        var codec = new FixedPointCodec(clipBound: 1.0, bits: bits, maxSummands: 100);
        var values = new float[1000];
        var noise = new Random(7);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((noise.NextDouble() - 0.5) * 2.5);
        }

        using var reference = new AesCtrRandomSource(Statistics.Seed(6));
        reference.NextUInt32(); // a draw already taken leaves the buffer mid-way, as in real use
        var expected = new ulong[values.Length];
        ulong mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        for (int i = 0; i < values.Length; i++)
        {
            double scaled = Math.Clamp(values[i], -1.0, 1.0) * codec.Scale;
            double floor = Math.Floor(scaled);
            long integer = (long)floor + (reference.NextDouble() < scaled - floor ? 1 : 0);
            expected[i] = (ulong)Math.Clamp(integer, -codec.MaxEncodedMagnitude, codec.MaxEncodedMagnitude) & mask;
        }

        using var random = new AesCtrRandomSource(Statistics.Seed(6));
        random.NextUInt32();
        if (bits == 64)
        {
            var encoded = new ulong[values.Length];
            codec.Encode(values, encoded, random);
            Assert.Equal(expected, encoded);
        }
        else
        {
            var encoded = new uint[values.Length];
            codec.Encode(values, encoded, random);
            Assert.Equal(expected.Select(e => (uint)e).ToArray(), encoded);
        }

        Assert.Equal(reference.NextUInt64(), random.NextUInt64());
    }
}
