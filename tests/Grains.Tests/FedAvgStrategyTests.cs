using System.Collections.Immutable;
using OrleansFed.Grains.Strategies;
using OrleansFed.Interfaces.Api;
using Xunit;

namespace OrleansFed.Grains.Tests;

public sealed class FedAvgStrategyTests
{
    private readonly FedAvgStrategy _fedAvg = new();

    [Fact]
    public void Aggregate_is_the_sample_weighted_mean_of_weights_and_losses()
    {
        var results = new[]
        {
            new FitResult("p1", 1, 0.5f, new[] { 1f, -2f, 0f }),
            new FitResult("p2", 3, 1.5f, new[] { 5f, 2f, 8f }),
        };

        var aggregate = _fedAvg.AggregateFit(1, new float[3], results);

        Assert.Equal(new[] { 4f, 1f, 6f }, aggregate.Weights.ToArray());
        Assert.Equal(2, aggregate.Participants);
        Assert.Equal(4, aggregate.Samples);
        Assert.Equal(1.25, aggregate.TrainLoss, 12);
    }

    [Fact]
    public void Aggregate_of_one_contribution_is_that_contribution()
    {
        var weights = new[] { 0.1f, 0.2f, -7.25f };
        var aggregate = _fedAvg.AggregateFit(1, new float[3], [new FitResult("p1", 17, 0.3f, weights)]);
        Assert.Equal(weights, aggregate.Weights.ToArray());
    }

    [Fact]
    public void Aggregate_rejects_empty_input_mismatched_lengths_and_non_positive_samples()
    {
        Assert.Throws<ArgumentException>(() => _fedAvg.AggregateFit(1, new float[2], []));
        Assert.Throws<ArgumentException>(() => _fedAvg.AggregateFit(1, new float[2],
            [new FitResult("p1", 1, 0f, new float[2]), new FitResult("p2", 1, 0f, new float[3])]));
        Assert.Throws<ArgumentException>(() => _fedAvg.AggregateFit(1, new float[2], [new FitResult("p1", 0, 0f, new float[2])]));
    }

    [Fact]
    public void ConfigureFit_samples_participants_per_round_deterministically_and_sorted()
    {
        var enrolled = Enumerable.Range(1, 10).Select(i => $"p{i}").ToImmutableArray();
        var config = new CampaignConfig { Model = "logreg", Rounds = 3, ParticipantsPerRound = 4, Seed = 42 };

        var a = _fedAvg.ConfigureFit(new FitContext(config, 2, 1, enrolled));
        var b = _fedAvg.ConfigureFit(new FitContext(config, 2, 1, enrolled));
        var other = _fedAvg.ConfigureFit(new FitContext(config, 3, 1, enrolled));

        Assert.Equal(4, a.Selected.Length);
        Assert.Equal(a.Selected.ToArray(), b.Selected.ToArray());
        Assert.Equal(a.Seed, b.Seed);
        Assert.Equal(a.Selected.Order(StringComparer.Ordinal).ToArray(), a.Selected.ToArray());
        Assert.Equal(4, a.Selected.Distinct().Count());
        Assert.All(a.Selected, p => Assert.Contains(p, enrolled));
        Assert.NotEqual(a.Seed, other.Seed);
    }

    [Fact]
    public void ConfigureFit_selects_everyone_when_participants_per_round_is_unset()
    {
        var enrolled = ImmutableArray.Create("p2", "p10", "p1");
        var plan = _fedAvg.ConfigureFit(new FitContext(new CampaignConfig { Model = "logreg", Rounds = 1, LocalEpochs = 3 }, 1, 1, enrolled));
        Assert.Equal(new[] { "p1", "p10", "p2" }, plan.Selected);
        Assert.Equal(3, plan.LocalEpochs);
    }

    [Fact]
    public void Sampling_draws_every_participant_over_many_rounds()
    {
        var enrolled = Enumerable.Range(1, 6).Select(i => $"p{i}").ToImmutableArray();
        var seen = new HashSet<string>();
        for (var round = 1; round <= 30; round++)
        {
            seen.UnionWith(ParticipantSampler.Sample(enrolled, 2, 7, round, 1));
        }

        Assert.Equal(6, seen.Count);
    }

    [Fact]
    public void Strategy_registry_finds_fedavg_case_insensitively()
    {
        var registry = new AggregationStrategies([_fedAvg]);
        Assert.Same(_fedAvg, registry.Get("FedAvg"));
        Assert.False(registry.TryGet("fedprox", out _));
        Assert.Throws<KeyNotFoundException>(() => registry.Get("median"));
    }
}
