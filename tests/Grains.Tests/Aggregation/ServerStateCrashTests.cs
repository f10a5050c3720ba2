using Microsoft.Extensions.DependencyInjection;
using OrleansFed.Grains.Aggregation;
using OrleansFed.Grains.Strategies;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Runtime;
using OrleansFed.Runtime.Testing;
using Xunit;

namespace OrleansFed.Grains.Tests.Aggregation;

/// <summary>
/// A close that dies between the checkpoint write and the campaign status write: the round is closed again later,
/// and a server optimizer must not step twice (its recomputation would start from the already-new model).
/// </summary>
public sealed class ServerStateCrashTests
{
    private const int Length = 7850;

    [Fact]
    public async Task A_FedAdam_round_interrupted_after_its_checkpoint_commits_once_with_the_first_result()
    {
        var time = new ManualTimeProvider();
        var storage = new FailingStorage(new MemoryGrainStorage());
        await using var host = await GrainTestHost.StartAsync(time, configure: services =>
            services.AddKeyedSingleton<IGrainStorage>(PersistentStateAttribute.DefaultStorageName, (_, _) => storage));
        var campaign = host.Campaign("c1");
        await campaign.CreateAsync(new CampaignConfig { Model = "logreg", Rounds = 2, MinParticipants = 2, RoundTimeoutSeconds = 60, Aggregator = "fedadam" });
        var initial = (await campaign.GetModelAsync()).Weights.ToArray();
        await host.EnrollAsync("c1", 2);

        await campaign.SubmitUpdateAsync("p1", GrainTestHost.Update(1, Length, 1f));
        storage.FailNextWriteOf = "campaign";
        await campaign.SubmitUpdateAsync("p2", GrainTestHost.Update(1, Length, 3f)); // accepted; the close fails after the checkpoint
        Assert.Null(storage.FailNextWriteOf);

        // The deadline reminder closes the round again.
        time.Advance(TimeSpan.FromSeconds(61));
        await GrainTestHost.EventuallyAsync(async () => (await campaign.GetStatusAsync())!.CompletedRounds == 1, "round 1 commits");

        var adam = new FedAdamStrategy();
        var first = adam.Aggregate(AggregationTestData.Context("fedadam", initial,
            [new FitResult("p1", 100, 0.5f, Fill(1f)), new FitResult("p2", 100, 0.5f, Fill(3f))]));
        Assert.Single(await campaign.GetHistoryAsync());
        var model = await campaign.GetModelAsync();
        Assert.Equal(1, model.ModelVersion);
        Assert.Equal(first.Weights.ToArray(), model.Weights.ToArray());

        await campaign.SubmitUpdateAsync("p1", GrainTestHost.Update(2, Length, 1f));
        await campaign.SubmitUpdateAsync("p2", GrainTestHost.Update(2, Length, 3f));
        var second = adam.Aggregate(AggregationTestData.Context("fedadam", first.Weights.ToArray(),
            [new FitResult("p1", 100, 0.5f, Fill(1f)), new FitResult("p2", 100, 0.5f, Fill(3f))], first.ServerState));
        Assert.Equal(second.Weights.ToArray(), (await campaign.GetModelAsync()).Weights.ToArray());
    }

    private static float[] Fill(float value) => Enumerable.Repeat(value, Length).ToArray();
}
