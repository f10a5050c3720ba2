using Xunit;
using OrleansFed.Grains.DifferentialPrivacy;
using OrleansFed.Grains.Strategies;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Grains.Tests.DifferentialPrivacy;

public sealed class DpCentralAggregatorTests
{
    private static readonly byte[] Seed = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];

    [Fact]
    public void Each_update_is_clipped_to_C_and_the_sum_is_averaged_over_the_sampled_count()
    {
        // Noise σC = 1e-9 is far below the output grid (C·2^-24 ≈ 6e-8), so what remains is the exact clipped mean.
        var spec = PrivacyModeSpec.Parse("dp-central:sigma=1e-9,clip=1");
        float[] global = [1f, 1f, 1f];
        var results = new List<FitResult>
        {
            Fit("p1", [4f, 5f, 1f]),   // Δ = (3, 4, 0): norm 5 → (0.6, 0.8, 0)
            Fit("p2", [1f, 1f, 1.5f]), // Δ = (0, 0, 0.5): norm 0.5, unclipped
        };
        using var random = new AesCtrRandomSource(Seed);

        var outcome = DpCentralAggregator.Aggregate(global, results, sampled: 4, clipNorm: 1, spec, random);

        var w = outcome.Aggregate.Weights.Span;
        Assert.Equal(1 + (0.6 / 4), w[0], 1e-6);
        Assert.Equal(1 + (0.8 / 4), w[1], 1e-6);
        Assert.Equal(1 + (0.5 / 4), w[2], 1e-6);
        Assert.Equal(1, outcome.Unclipped);
        Assert.Equal(2, outcome.Aggregate.Participants);
        Assert.Null(outcome.NextClipNorm);
    }

    [Fact]
    public void Noise_on_the_sum_has_standard_deviation_sigma_times_C()
    {
        const int d = 20_000;
        const double sigma = 1.5, clip = 2.0;
        var spec = PrivacyModeSpec.Parse($"dp-central:sigma={sigma},clip={clip}");
        var global = new float[d];
        using var random = new AesCtrRandomSource(Seed);

        // One unchanged update (Δ = 0), m = 1: the new model is the noise itself.
        var outcome = DpCentralAggregator.Aggregate(global, [Fit("p1", new float[d])], sampled: 1, clip, spec, random);

        var w = outcome.Aggregate.Weights.Span;
        double mean = 0, squares = 0;
        for (var i = 0; i < d; i++)
        {
            mean += w[i];
            squares += (double)w[i] * w[i];
        }

        mean /= d;
        var std = Math.Sqrt((squares / d) - (mean * mean));
        // Expected σC = 3; the standard error of the sample std is 3/√(2d) ≈ 0.015, of the mean 3/√d ≈ 0.021.
        Assert.InRange(std, 3 - 0.075, 3 + 0.075);
        Assert.InRange(mean, -0.1, 0.1);
    }

    [Fact]
    public void The_same_seed_gives_bitwise_the_same_model_and_another_seed_does_not()
    {
        var spec = PrivacyModeSpec.Parse("dp-central:sigma=1,clip=1");
        float[] global = [0f, 0f, 0f, 0f];
        List<FitResult> results = [Fit("p1", [0.1f, 0.2f, 0.3f, 0.4f]), Fit("p2", [1f, -1f, 1f, -1f])];

        float[] Run(byte[] seed)
        {
            using var random = new AesCtrRandomSource(seed);
            return DpCentralAggregator.Aggregate(global, results, 2, 1, spec, random).Aggregate.Weights.ToArray();
        }

        Assert.Equal(Run(Seed), Run(Seed));
        Assert.NotEqual(Run(Seed), Run([.. Seed.Reverse()]));
    }

    [Fact]
    public void Adaptive_clipping_moves_C_geometrically_towards_the_target_quantile()
    {
        // Tiny count noise (σ_b = 1e-3) makes the noisy unclipped fraction the exact one: 1 of 4 norms (0.5) is ≤ C = 1.
        var spec = PrivacyModeSpec.Parse("dp-central:sigma=1e-3,clip=1,adaptive=true,count-stddev=1e-3");
        float[] global = [0f, 0f];
        List<FitResult> results = [Fit("a", [0.5f, 0f]), Fit("b", [1.5f, 0f]), Fit("c", [0f, 2f]), Fit("d", [0f, 3f])];
        using var random = new AesCtrRandomSource(Seed);

        var outcome = DpCentralAggregator.Aggregate(global, results, 4, 1, spec, random);

        Assert.Equal(1, outcome.Unclipped);
        Assert.Equal(0.25, outcome.NoisyUnclippedFraction!.Value, 2e-3); // noise σ_b/4 = 2.5e-4
        // C ← C · exp(−η (b̃ − γ)) = exp(−0.2 · (0.25 − 0.5)): too few unclipped, so C grows.
        Assert.Equal(Math.Exp(-0.2 * (outcome.NoisyUnclippedFraction.Value - 0.5)), outcome.NextClipNorm!.Value, 12);
        Assert.Equal(Math.Exp(0.05), outcome.NextClipNorm.Value, 1e-3);
    }

    [Fact]
    public void Adaptive_noise_splits_the_budget_so_both_releases_compose_to_sigma()
    {
        var spec = PrivacyModeSpec.Parse("dp-central:sigma=1,adaptive=true");

        var (update, count) = DpCentralAggregator.AdaptiveNoise(spec, sampled: 100);

        Assert.Equal(5.0, count); // Flower's default: sampled / 20
        Assert.Equal(1 / Math.Sqrt(1 - (1 / 100.0)), update, 12);
        Assert.Equal(1.0, 1 / Math.Sqrt((1 / (update * update)) + (1 / (4 * count * count))), 12);
        Assert.Throws<ArgumentException>(() => DpCentralAggregator.AdaptiveNoise(spec, sampled: 10)); // σ_b = 0.5: 2σ_b = σ
    }

    [Fact]
    public void The_accounted_multiplier_never_exceeds_the_configured_one_and_is_off_only_by_the_grid()
    {
        var fixedSpec = PrivacyModeSpec.Parse("dp-central:sigma=1.2,clip=1");
        var adaptive = PrivacyModeSpec.Parse("dp-central:sigma=1.2,adaptive=true");

        var z = DpCentralAggregator.AccountedNoiseMultiplier(fixedSpec, 100, 101_770);
        var za = DpCentralAggregator.AccountedNoiseMultiplier(adaptive, 100, 101_770);

        Assert.Equal(1.2 / (1 + (Math.Sqrt(101_770) / (1 << 24))), z, 12);
        Assert.InRange(z, 1.2 * (1 - 2e-5), 1.2);
        Assert.InRange(za, 1.2 * (1 - 2e-5), 1.2);
    }

    [Fact]
    public void Under_poisson_sampling_no_contribution_is_a_noise_only_step_and_fixed_sampling_refuses_it()
    {
        float[] global = [1f, 2f];
        using var random = new AesCtrRandomSource(Seed);
        var poisson = DpCentralAggregator.Aggregate(global, [], sampled: 2.5, clipNorm: 1, PrivacyModeSpec.Parse("dp-central:sigma=1e-9"), random);
        Assert.Equal(0, poisson.Aggregate.Participants);
        Assert.Equal(0, poisson.Aggregate.TrainLoss);
        Assert.Equal(global, poisson.Aggregate.Weights.ToArray());

        Assert.Throws<ArgumentException>(() =>
            DpCentralAggregator.Aggregate(global, [], sampled: 2, clipNorm: 1, PrivacyModeSpec.Parse("dp-central:sigma=1,sampling=fixed"), random));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            DpCentralAggregator.Aggregate(global, [], sampled: 0, clipNorm: 1, PrivacyModeSpec.Parse("dp-central:sigma=1"), random));
    }

    [Fact]
    public void Under_poisson_sampling_more_contributions_than_expected_are_averaged_over_the_expectation()
    {
        // Three arrived where q·N = 1.5 was expected: the sum over 1.5, not their mean.
        var spec = PrivacyModeSpec.Parse("dp-central:sigma=1e-9,clip=1");
        float[] global = [0f];
        using var random = new AesCtrRandomSource(Seed);
        var outcome = DpCentralAggregator.Aggregate(global, [Fit("p1", [0.3f]), Fit("p2", [0.3f]), Fit("p3", [0.3f])], sampled: 1.5, clipNorm: 1, spec, random);
        Assert.Equal(0.9 / 1.5, outcome.Aggregate.Weights.Span[0], 1e-6);
    }

    [Theory]
    [InlineData("poisson", 0.75)] // noisy Σ(b − ½) / (q·N) + ½ = (3 − 1.5) / 6 + ½
    [InlineData("fixed", 1.0)]    // (noisy Σ(b − ½) + n/2) / n with n = 3 contributions
    public void The_noisy_unclipped_fraction_divides_by_the_expected_count_under_poisson_sampling(string sampling, double fraction)
    {
        // σ_b = 1e-6 and σ = 1e-7 (< 2σ_b): both noises vanish against the 1e-4 tolerance.
        var spec = PrivacyModeSpec.Parse($"dp-central:sigma=1e-7,sampling={sampling},adaptive=true,count-stddev=1e-6");
        float[] global = [0f];
        using var random = new AesCtrRandomSource(Seed);
        var results = new List<FitResult> { Fit("p1", [0.01f]), Fit("p2", [0.01f]), Fit("p3", [0.01f]) }; // all within C = 0.1
        var outcome = DpCentralAggregator.Aggregate(global, results, sampled: sampling == "poisson" ? 6 : 3, clipNorm: 0.1, spec, random);
        Assert.Equal(3, outcome.Unclipped);
        Assert.Equal(fraction, outcome.NoisyUnclippedFraction!.Value, 1e-4);
    }

    private static FitResult Fit(string id, float[] weights) => new(id, 10, 0.5f, weights);
}
