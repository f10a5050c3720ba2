using System.Collections.Immutable;
using OrleansFed.Grains.Aggregation;
using OrleansFed.Grains.Strategies;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;
using Xunit;
using static OrleansFed.Grains.Tests.Aggregation.AggregationTestData;

namespace OrleansFed.Grains.Tests.Aggregation;

/// <summary>Exact values of every rule on small vectors worked out by hand.</summary>
public sealed class AggregationRuleTests
{
    [Fact]
    public void FedProx_aggregates_like_FedAvg_and_hands_mu_to_participants()
    {
        IAggregationStrategy strategy = new FedProxStrategy();
        var aggregate = strategy.Aggregate(Context("fedprox:0.05", new float[2],
            [Result("p1", 1, 1f, 1f, 2f), Result("p2", 3, 3f, 3f, 6f)]));
        Assert.Equal(new[] { 2.5f, 5f }, aggregate.Weights.ToArray());
        Assert.Equal(2.5, aggregate.TrainLoss, 12);
        Assert.Null(aggregate.ServerState);

        var config = new CampaignConfig { Model = "logreg", Rounds = 1, Aggregator = "fedprox:mu=0.05" };
        var plan = strategy.ConfigureFit(new FitContext(config, 1, 1, ImmutableArray.Create("p1", "p2")));
        Assert.Equal(0.05f, plan.ProximalMu);
        Assert.Equal(new[] { "p1", "p2" }, plan.Selected);
        Assert.Null(new FedAvgStrategy().ConfigureFit(new FitContext(config, 1, 1, ["p1"])).ProximalMu);
    }

    [Fact]
    public void FedAdam_takes_two_exact_server_steps_carrying_its_moments()
    {
        // Δ = [1, −2]; m = 0.1Δ; v = 0.01Δ²; x = 0.1·m/(√v + 1e-3) — then a second step from x with the same update.
        var strategy = new FedAdamStrategy();
        var first = strategy.Aggregate(Context("fedadam", [0f, 0f], [Result("p1", 1f, -2f)]));
        AssertClose([0.0990099010, -0.0995024876], first.Weights.Span);
        Assert.Equal(1, first.ServerState!.Step);
        AssertClose([0.1, -0.2], first.ServerState.FirstMoment.Span);
        AssertClose([0.01, 0.04], first.ServerState.SecondMoment.Span);

        var second = strategy.Aggregate(Context("fedadam", first.Weights.ToArray(), [Result("p1", 1f, -2f)], first.ServerState));
        AssertClose([0.2321891674, -0.2334956180], second.Weights.Span);
        Assert.Equal(2, second.ServerState!.Step);
        AssertClose([0.1800990099, -0.3700497512], second.ServerState.FirstMoment.Span);
        AssertClose([0.0180178316, 0.0757189079], second.ServerState.SecondMoment.Span);
    }

    [Fact]
    public void FedYogi_uses_the_sign_controlled_second_moment()
    {
        // Step 1 equals Adam's moments (v starts at 0), with η = 0.01. Step 2: v ← v − 0.01·Δ²·sign(v − Δ²) grows v by
        // +0.01Δ² instead of Adam's 0.99v + 0.01Δ².
        var strategy = new FedYogiStrategy();
        var first = strategy.Aggregate(Context("fedyogi", [0f, 0f], [Result("p1", 1f, -2f)]));
        AssertClose([0.0099009901, -0.0099502488], first.Weights.Span);
        var second = strategy.Aggregate(Context("fedyogi", first.Weights.ToArray(), [Result("p1", 1f, -2f)], first.ServerState));
        AssertClose([0.0232375630, -0.0233360287], second.Weights.Span);
        AssertClose([0.0198029605, 0.0796029801], second.ServerState!.SecondMoment.Span);
    }

    [Fact]
    public void Server_optimizer_rejects_state_of_another_length()
    {
        var state = new ServerOptimizerState(1, new float[3], new float[3]);
        Assert.Throws<ArgumentException>(() => new FedAdamStrategy().Aggregate(Context("fedadam", [0f, 0f], [Result("p1", 1f, 1f)], state)));
    }

    [Fact]
    public void Median_is_the_middle_value_per_coordinate_and_the_mean_of_the_middle_two_when_even()
    {
        IAggregationStrategy median = new CoordinateMedianStrategy();
        var odd = median.AggregateFit(1, new float[3], [Result("p1", 1f, 10f, 3f), Result("p2", 2f, 20f, 1f), Result("p3", 3f, -5f, 2f)]);
        Assert.Equal(new[] { 2f, 10f, 2f }, odd.Weights.ToArray());
        var even = median.AggregateFit(1, new float[1], [Result("p1", 4f), Result("p2", 1f), Result("p3", 3f), Result("p4", 2f)]);
        Assert.Equal(new[] { 2.5f }, even.Weights.ToArray());
    }

    [Fact]
    public void Trimmed_mean_drops_floor_beta_n_values_at_each_end()
    {
        var trimmed = new TrimmedMeanStrategy();
        var results = new[] { Result("p1", 1f, -50f), Result("p2", 2f, 0f), Result("p3", 3f, 1f), Result("p4", 4f, 2f), Result("p5", 100f, 3f) };

        // n = 5, β = 0.2: drop one from each end → mean(2, 3, 4) = 3 and mean(0, 1, 2) = 1.
        Assert.Equal(new[] { 3f, 1f }, trimmed.Aggregate(Context("trimmed-mean:0.2", new float[2], results)).Weights.ToArray());

        // β = 0.1: ⌊0.5⌋ = 0 trimmed, the plain mean.
        Assert.Equal(new[] { 22f, -8.8f }, trimmed.Aggregate(Context("trimmed-mean:0.1", new float[2], results)).Weights.ToArray());
    }

    [Fact]
    public void Multi_krum_selects_the_m_lowest_scores_and_drops_the_outlier()
    {
        // n = 5, f = 1: each score sums the n − f − 2 = 2 smallest squared distances.
        // Scores: 0 → 1+4 = 5; 1 → 1+1 = 2; 2 → 1+1 = 2; 3 → 4+1 = 5; 100 → 9409+9604. m = 2 picks 1 and 2.
        var results = new[] { Result("p1", 0f), Result("p2", 1f), Result("p3", 2f), Result("p4", 3f), Result("p5", 100f) };
        var krum = new MultiKrumStrategy();
        var two = krum.Aggregate(Context("multi-krum:f=1,m=2", new float[1], results));
        Assert.Equal(new[] { 1.5f }, two.Weights.ToArray());
        Assert.Equal(2, two.Participants);
        Assert.Equal(20, two.Samples);

        // Default m = n − f = 4: everything but the outlier.
        var four = krum.Aggregate(Context("multi-krum:f=1", new float[1], results));
        Assert.Equal(new[] { 1.5f }, four.Weights.ToArray());
        Assert.Equal(4, four.Participants);
    }

    [Fact]
    public void Multi_krum_with_too_few_updates_fails_clearly()
    {
        var results = new[] { Result("p1", 0f), Result("p2", 1f), Result("p3", 2f), Result("p4", 3f) };
        var error = Assert.Throws<InsufficientUpdatesException>(() => new MultiKrumStrategy().Aggregate(Context("multi-krum:f=1", new float[1], results)));
        Assert.Contains("needs at least 5 updates; 4 arrived", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Norm_bound_clips_each_difference_to_the_bound_then_averages_by_samples()
    {
        // d₁ = [3, 4] (norm 5) clipped to [0.6, 0.8]; d₂ = [0.3, 0.4] (norm 0.5) kept; equal samples.
        var global = new[] { 1f, -1f };
        var aggregate = new NormBoundStrategy().Aggregate(Context("norm-bound:1", global, [Result("p1", 4f, 3f), Result("p2", 1.3f, -0.6f)]));
        AssertClose([1.45, -0.4], aggregate.Weights.Span);
    }

    [Fact]
    public void Rules_reject_empty_input_and_mismatched_lengths()
    {
        IAggregationStrategy[] rules = [new FedProxStrategy(), new CoordinateMedianStrategy(), new TrimmedMeanStrategy(), new FedAdamStrategy()];
        foreach (var rule in rules)
        {
            Assert.Throws<InsufficientUpdatesException>(() => rule.Aggregate(Context(rule.Name, new float[2], [])));
            Assert.Throws<ArgumentException>(() => rule.Aggregate(Context(rule.Name, new float[2], [Result("p1", 1f, 2f), Result("p2", 1f)])));
        }
    }

    [Fact]
    public void Median_and_trimmed_mean_do_not_depend_on_the_order_of_updates()
    {
        var random = new Random(7);
        var results = Enumerable.Range(0, 9).Select(i => Result($"p{i}", Normal(random, 64, 0, 1))).ToArray();
        var shuffled = results.OrderBy(_ => random.Next()).ToArray();
        Assert.NotEqual(results.Select(r => r.ParticipantId), shuffled.Select(r => r.ParticipantId));
        foreach (var spec in new[] { "median", "trimmed-mean:0.2" })
        {
            IAggregationStrategy rule = spec == "median" ? new CoordinateMedianStrategy() : new TrimmedMeanStrategy();
            Assert.Equal(
                rule.Aggregate(Context(spec, new float[64], results)).Weights.ToArray(),
                rule.Aggregate(Context(spec, new float[64], shuffled)).Weights.ToArray());
        }
    }

    private static void AssertClose(double[] expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6 * Math.Max(1, Math.Abs(expected[i])),
                $"[{i}] expected {expected[i]}, got {actual[i]}");
        }
    }
}
