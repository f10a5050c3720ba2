using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Privacy.Tests.SecureAggregation;

public sealed class DistributedGaussianUpdateCodecTests
{
    [Fact]
    public void The_sum_minus_the_known_noise_decodes_exactly_to_the_mean_of_the_rounded_clipped_deltas()
    {
        const int parties = 5;
        var codec = DistributedGaussianUpdateCodec.Create(parameterCount: 4, clipNorm: 1, noiseMultiplier: 1, minContributors: 3, maxSummands: parties, bits: 32);
        float[][] deltas = [[0.5f, -0.25f, 0.125f, 0], [-0.5f, 0.75f, 0.375f, 0.1f], [0.25f, 0.25f, -0.5f, 0], [3f, 4f, 0, 0], [0, 0, 0, -0.01f]];
        var sum = new uint[codec.VectorLength];
        var quantizedSum = new uint[codec.VectorLength];
        var noiseSum = new uint[codec.VectorLength];
        for (var i = 0; i < parties; i++)
        {
            // The same seed makes Quantize draw exactly the rounding bits Encode draws before its noise.
            var seed = new byte[16];
            seed[0] = (byte)(i + 1);
            using var encodeRandom = new AesCtrRandomSource(seed);
            using var quantizeRandom = new AesCtrRandomSource(seed);
            var encoded = new uint[codec.VectorLength];
            var quantized = new uint[codec.VectorLength];
            codec.Encode(deltas[i], encoded, encodeRandom);
            codec.Quantize(deltas[i], quantized, quantizeRandom);
            for (var j = 0; j < sum.Length; j++)
            {
                sum[j] = unchecked(sum[j] + encoded[j]);
                quantizedSum[j] = unchecked(quantizedSum[j] + quantized[j]);
                noiseSum[j] = unchecked(noiseSum[j] + (encoded[j] - quantized[j]));
            }

            Assert.Equal([1u, 0u, 0u], encoded[4..]); // count, no sample count, no loss
            Assert.NotEqual(quantized[..4], encoded[..4]);
        }

        var denoised = new uint[sum.Length];
        for (var j = 0; j < sum.Length; j++)
        {
            denoised[j] = unchecked(sum[j] - noiseSum[j]);
        }

        Assert.Equal(quantizedSum, denoised);
        var mean = new float[4];
        Assert.Equal(parties, codec.Decode(denoised, mean));
        float[] clipped3 = [0.6f, 0.8f, 0, 0]; // (3, 4) clipped to L2 norm 1
        for (var j = 0; j < 4; j++)
        {
            var expected = (deltas[0][j] + deltas[1][j] + deltas[2][j] + clipped3[j] + deltas[4][j]) / parties;
            // Stochastic rounding moves each summand by less than one unit 1/γ.
            Assert.InRange(mean[j], expected - (1.0 / codec.Scale), expected + (1.0 / codec.Scale));
            Assert.Equal(codec.Signed(quantizedSum[j]) / (codec.Scale * parties), mean[j], 6);
        }
    }

    [Fact]
    public void A_clipped_update_has_at_most_the_accounted_l2_norm_after_rounding()
    {
        const int d = 1000;
        var codec = DistributedGaussianUpdateCodec.Create(d, clipNorm: 0.5, noiseMultiplier: 1, minContributors: 10, maxSummands: 20, bits: 32);
        var random = new Random(3);
        var delta = Enumerable.Range(0, d).Select(_ => (float)(random.NextDouble() * 10 - 5)).ToArray();
        var quantized = new uint[codec.VectorLength];
        codec.Quantize(delta, quantized, new CryptoRandomSource());

        double squares = 0;
        for (var j = 0; j < d; j++)
        {
            var value = (double)codec.Signed(quantized[j]);
            squares += value * value;
        }

        var norm = Math.Sqrt(squares);
        Assert.InRange(norm, codec.Unit - Math.Sqrt(d), codec.Sensitivity);
        Assert.Equal(codec.Unit + Math.Sqrt(d) + 1, codec.Sensitivity);
        Assert.Equal(codec.Unit / 0.5, codec.Scale);
    }

    [Fact]
    public void The_noise_of_a_sum_of_n_participants_has_variance_n_s_squared_and_at_least_z_delta_squared()
    {
        // 20 participants each encode a zero delta (which rounds to exactly 0), so the sum is pure noise: 5,000
        // coordinates, each a sum of 20 independent N_Z(0, s²). The sample variance of M draws has a relative standard
        // error of √(2/M) = 0.02 (kurtosis 3); the ±5 standard-error band fails with probability below 10^-6.
        const int parties = 20;
        const int d = 5000;
        const int threshold = 12;
        var codec = DistributedGaussianUpdateCodec.Create(d, clipNorm: 1, noiseMultiplier: 0.8, threshold, parties, bits: 32);
        var random = new CryptoRandomSource();
        var sum = new uint[codec.VectorLength];
        var vector = new uint[codec.VectorLength];
        for (var i = 0; i < parties; i++)
        {
            codec.Encode(new float[d], vector, random);
            for (var j = 0; j < sum.Length; j++)
            {
                sum[j] = unchecked(sum[j] + vector[j]);
            }
        }

        double total = 0;
        double squares = 0;
        for (var j = 0; j < d; j++)
        {
            double value = codec.Signed(sum[j]);
            total += value;
            squares += value * value;
        }

        var expected = parties * codec.LocalVariance;
        var mean = total / d;
        var variance = (squares / d) - (mean * mean);
        Assert.InRange(mean, -5 * Math.Sqrt(expected / d), 5 * Math.Sqrt(expected / d));
        Assert.InRange(variance / expected, 1 - (5 * Math.Sqrt(2.0 / d)), 1 + (5 * Math.Sqrt(2.0 / d)));

        // Every accepted sum has at least t contributors: total variance t·s² ≥ (z·Δ)².
        var target = Math.Pow(0.8 * codec.Sensitivity, 2);
        Assert.True(threshold * codec.LocalVariance >= target);
        Assert.True(threshold * codec.LocalVariance <= target * (1 + 1e-9)); // σ² is only rounded up to a 2^-20 grid
        Assert.Equal(parties, (int)sum[d]);
    }

    [Fact]
    public void The_accounted_multiplier_is_z_when_tau_vanishes()
    {
        var codec = DistributedGaussianUpdateCodec.Create(101_770, clipNorm: 1, noiseMultiplier: 1, minContributors: 50, maxSummands: 100, bits: 32);

        Assert.Equal(0, codec.Tau);
        Assert.Equal(1, codec.AccountedNoiseMultiplier, 10);
        Assert.True(codec.AccountedNoiseMultiplier <= 1 + 1e-9);
        Assert.Equal(Math.Pow(2, 24), codec.Unit); // γ·C = 2^24 ≫ √d ≈ 319
    }

    [Fact]
    public void Tau_follows_kairouz_et_al()
    {
        var expected = 10 * (Math.Exp(-2 * Math.PI * Math.PI * 0.25 * 0.5) + Math.Exp(-2 * Math.PI * Math.PI * 0.25 * 2 / 3));

        Assert.Equal(expected, DistributedGaussianUpdateCodec.TauFor(0.25, 3), 14);
        Assert.Equal(0, DistributedGaussianUpdateCodec.TauFor(0.25, 1));
    }

    [Theory]
    [InlineData(101_770, 1.0, 90, 100, 16, "wrap-around")] // 16 bits cannot hold 100 noisy MLP updates
    [InlineData(7850, 10.0, 25, 50, 16, "wrap-around")]
    [InlineData(1, 0.0001, 2, 2, 16, "τ =")] // s ≈ 0.6: the sum is far from a discrete Gaussian
    [InlineData(10, 1.0, 5, 4, 32, "threshold")]
    [InlineData(10, 1.0, 2, 4, 40, "bits")]
    [InlineData(10, 0.0, 2, 4, 32, "noise multiplier")]
    public void Settings_that_could_wrap_or_are_far_from_the_analysis_are_refused(int d, double z, int t, int n, int bits, string fragment)
    {
        Assert.False(DistributedGaussianUpdateCodec.TryCreate(d, 1, z, t, n, bits, out var codec, out var error));
        Assert.Null(codec);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DistributedGaussianUpdateCodec.Create(d, 1, z, t, n, bits));
    }

    [Fact]
    public void The_headroom_holds_n_maximal_summands_plus_the_noise_tail()
    {
        var codec = DistributedGaussianUpdateCodec.Create(7850, clipNorm: 1, noiseMultiplier: 1, minContributors: 5, maxSummands: 10, bits: 24);
        var k = Math.Sqrt(2 * Math.Log(2.0 * 7850 / DistributedGaussianUpdateCodec.WrapProbability));
        var bound = (10 * (codec.Unit + 1)) + (k * Math.Sqrt(10 * codec.LocalVariance));

        Assert.True(bound <= Math.Pow(2, 23) - 1);
        // The next power of two would not fit.
        var doubled = 2 * codec.Unit;
        var doubledSigma = Math.Sqrt(Math.Pow(doubled + Math.Sqrt(7850) + 1, 2) / 5);
        Assert.True((10 * (doubled + 1)) + (k * Math.Sqrt(10) * doubledSigma) > Math.Pow(2, 23) - 1);
    }

    [Fact]
    public void Decoding_refuses_a_sum_with_fewer_contributors_than_the_threshold_or_non_zero_padding()
    {
        var codec = DistributedGaussianUpdateCodec.Create(3, clipNorm: 1, noiseMultiplier: 1, minContributors: 3, maxSummands: 5, bits: 32);
        var mean = new float[3];

        Assert.Throws<ArgumentException>(() => codec.Decode([0, 0, 0, 2, 0, 0], mean));
        Assert.Throws<ArgumentException>(() => codec.Decode([0, 0, 0, 3, 7, 0], mean));
        Assert.Throws<ArgumentException>(() => codec.Decode([0, 0, 0, 6, 0, 0], mean));
        Assert.Equal(3, codec.Decode([0, 0, 0, 3, 0, 0], mean));
    }

    [Fact]
    public void Non_finite_deltas_are_rejected()
    {
        var codec = DistributedGaussianUpdateCodec.Create(2, clipNorm: 1, noiseMultiplier: 1, minContributors: 2, maxSummands: 3, bits: 32);

        Assert.Throws<ArgumentException>(() => codec.Encode([float.NaN, 0], new uint[codec.VectorLength], new CryptoRandomSource()));
    }
}
