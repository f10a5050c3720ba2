using OrleansFed.Grains.Aggregation;
using OrleansFed.Grains.Campaigns;
using OrleansFed.Grains.Strategies;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Runtime.Testing;
using Xunit;

namespace OrleansFed.Grains.Tests.Aggregation;

/// <summary>The aggregator spec through the validator and the campaign/round grains.</summary>
public sealed class CampaignAggregatorTests : IDisposable
{
    private const int Length = 7850; // logreg
    private readonly SqliteTestDirectory _directory = new("orleansfed-agg-");
    private readonly CampaignConfigValidator _validator = new(
        new AggregationStrategies([new FedAvgStrategy(), new FedProxStrategy(), new FedAdamStrategy(), new FedYogiStrategy(),
            new CoordinateMedianStrategy(), new TrimmedMeanStrategy(), new MultiKrumStrategy(), new NormBoundStrategy()]),
        new LearningModelFactory());

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Validator_stores_the_canonical_spec_and_leaves_an_absent_one_absent()
    {
        var config = _validator.Normalize(Config("Trimmed-Mean:0.2"));
        Assert.Equal("trimmed-mean:beta=0.2", config.Aggregator);
        Assert.Null(_validator.Normalize(Config(null)).Aggregator);
    }

    [Theory]
    [InlineData("bogus", 2, "aggregator must be a valid spec: Unknown aggregator 'bogus'")]
    [InlineData("trimmed-mean:0.6", 2, "aggregator must be a valid spec: Aggregator 'trimmed-mean': beta must be in [0, 0.5)")]
    [InlineData("multi-krum:f=2", 6, "minParticipants must be at least 7 for aggregator 'multi-krum:f=2'")]
    [InlineData("multi-krum:f=1,m=5", 5, "minParticipants must be at least 6")]
    public void Validator_rejects_bad_specs_and_too_small_minimums(string spec, int minParticipants, string fragment)
    {
        var error = Assert.Throws<InvalidRequestException>(() => _validator.Normalize(Config(spec) with { MinParticipants = minParticipants }));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_name_is_not_a_protocol()
    {
        var error = Assert.Throws<InvalidRequestException>(() => _validator.Normalize(Config(null) with { Protocol = "median" }));
        Assert.Contains("protocol must be one of: fedavg.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_campaign_with_a_bad_spec_fails_and_creates_nothing()
    {
        await using var host = await GrainTestHost.StartAsync();
        await Assert.ThrowsAsync<InvalidRequestException>(() => host.Campaign("c1").CreateAsync(Config("multi-krum:f=x")));
        Assert.Null(await host.Campaign("c1").GetStatusAsync());
    }

    [Fact]
    public async Task FedProx_tasks_carry_mu_and_other_rules_carry_none()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.Campaign("prox").CreateAsync(Config("fedprox:0.05") with { Id = null });
        await host.Campaign("avg").CreateAsync(Config(null) with { Id = null });
        await host.EnrollAsync("prox", 2);
        await host.EnrollAsync("avg", 2);
        Assert.Equal(0.05f, (await host.Campaign("prox").GetNextTaskAsync("p1")).Task!.ProximalMu);
        Assert.Null((await host.Campaign("avg").GetNextTaskAsync("p1")).Task!.ProximalMu);
    }

    [Fact]
    public async Task FedAdam_server_state_survives_a_restart_and_the_next_step_continues_exactly()
    {
        var time = new ManualTimeProvider();
        float[] initial;
        await using (var host = await GrainTestHost.StartAsync(time, _directory))
        {
            await host.Campaign("c1").CreateAsync(Config("fedadam") with { Rounds = 3 });
            initial = (await host.Campaign("c1").GetModelAsync()).Weights.ToArray();
            await host.EnrollAsync("c1", 2);
            await host.Campaign("c1").SubmitUpdateAsync("p1", GrainTestHost.Update(1, Length, 1f));
            await host.Campaign("c1").SubmitUpdateAsync("p2", GrainTestHost.Update(1, Length, 3f));
        }

        await using (var host = await GrainTestHost.StartAsync(time, _directory))
        {
            await host.Campaign("c1").SubmitUpdateAsync("p1", GrainTestHost.Update(2, Length, -1f));
            await host.Campaign("c1").SubmitUpdateAsync("p2", GrainTestHost.Update(2, Length, 0f));
            var model = await host.Campaign("c1").GetModelAsync();
            Assert.Equal(2, model.ModelVersion);

            // The same two steps computed directly, the state carried in memory.
            var adam = new FedAdamStrategy();
            var first = adam.Aggregate(AggregationTestData.Context("fedadam", initial,
                [new FitResult("p1", 100, 0.5f, Fill(1f)), new FitResult("p2", 100, 0.5f, Fill(3f))]));
            var second = adam.Aggregate(AggregationTestData.Context("fedadam", first.Weights.ToArray(),
                [new FitResult("p1", 100, 0.5f, Fill(-1f)), new FitResult("p2", 100, 0.5f, Fill(0f))], first.ServerState));
            Assert.Equal(second.Weights.ToArray(), model.Weights.ToArray());
            Assert.NotEqual(first.Weights.ToArray(), model.Weights.ToArray());
        }
    }

    [Fact]
    public async Task A_multi_krum_attempt_with_too_few_updates_is_abandoned_and_retried()
    {
        var time = new ManualTimeProvider();
        await using var host = await GrainTestHost.StartAsync(time);
        await host.Campaign("c1").CreateAsync(Config("multi-krum:f=1") with { MinParticipants = 5, RoundTimeoutSeconds = 60 });
        await host.EnrollAsync("c1", 5);
        for (var i = 1; i <= 4; i++)
        {
            await host.Campaign("c1").SubmitUpdateAsync($"p{i}", GrainTestHost.Update(1, Length, i));
        }

        time.Advance(TimeSpan.FromSeconds(61));
        await GrainTestHost.EventuallyAsync(async () =>
            (await host.Round("c1", 1, 1).GetSummaryAsync()).Phase == RoundPhase.Abandoned, "attempt 1 is abandoned");
        await GrainTestHost.EventuallyAsync(async () =>
            (await host.Round("c1", 1, 2).GetSummaryAsync()).Phase == RoundPhase.Open, "attempt 2 opens");
        Assert.Empty(await host.Campaign("c1").GetHistoryAsync());
    }

    private static float[] Fill(float value) => Enumerable.Repeat(value, Length).ToArray();

    private static CampaignConfig Config(string? aggregator) => new()
    {
        Id = "c1",
        Model = "logreg",
        Rounds = 2,
        MinParticipants = 2,
        Aggregator = aggregator,
    };
}
