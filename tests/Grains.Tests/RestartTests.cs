using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Runtime.Testing;
using Xunit;

namespace OrleansFed.Grains.Tests;

/// <summary>State survives a host restart on SQLite: the campaign continues from its last durable point.</summary>
public sealed class RestartTests : IDisposable
{
    private const int Length = 7850;
    private readonly SqliteTestDirectory _directory = new("orleansfed-grains-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Accepted_updates_survive_a_restart_and_the_round_closes_once_afterwards()
    {
        var time = new ManualTimeProvider();
        List<Enrollment> enrolled;
        await using (var host = await GrainTestHost.StartAsync(time, _directory))
        {
            await host.CreateAsync("c1", rounds: 2, minParticipants: 3);
            enrolled = await host.EnrollAsync("c1", 3);
            await host.Campaign("c1").SubmitUpdateAsync("p1", GrainTestHost.Update(1, Length, 3f));
            await host.Campaign("c1").SubmitUpdateAsync("p2", GrainTestHost.Update(1, Length, 6f));
        }

        await using (var host = await GrainTestHost.StartAsync(time, _directory))
        {
            var campaign = host.Campaign("c1");
            var status = await campaign.GetStatusAsync();
            Assert.Equal(CampaignState.Running, status!.State);
            Assert.Equal(1, status.CurrentRound);
            Assert.Equal(new[] { "p1", "p2" }, (await host.Round("c1", 1, 1).GetSummaryAsync()).Submitted);
            Assert.True(await host.Grains.GetGrain<IParticipantGrain>(GrainKeys.Participant("c1", "p3")).AuthenticateAsync(enrolled[2].Token));

            Assert.True((await campaign.SubmitUpdateAsync("p1", GrainTestHost.Update(1, Length, 3f))).Duplicate);
            await campaign.SubmitUpdateAsync("p3", GrainTestHost.Update(1, Length, 9f));

            var record = Assert.Single(await campaign.GetHistoryAsync());
            Assert.Equal(3, record.Participants);
            Assert.All((await campaign.GetModelAsync()).Weights.ToArray(), w => Assert.Equal(6f, w));
        }

        await using (var host = await GrainTestHost.StartAsync(time, _directory))
        {
            var campaign = host.Campaign("c1");
            Assert.Single(await campaign.GetHistoryAsync());
            var model = await campaign.GetModelAsync();
            Assert.Equal(1, model.ModelVersion);
            Assert.All(model.Weights.ToArray(), w => Assert.Equal(6f, w));
            Assert.Equal(2, (await campaign.GetStatusAsync())!.CurrentRound);
        }
    }

    [Fact]
    public async Task A_deadline_that_passed_while_the_silo_was_down_closes_the_round_after_restart()
    {
        var time = new ManualTimeProvider();
        await using (var host = await GrainTestHost.StartAsync(time, _directory))
        {
            await host.CreateAsync("c1", rounds: 1, minParticipants: 2, timeoutSeconds: 60, minEnrolled: 3);
            await host.EnrollAsync("c1", 3);
            await host.Campaign("c1").SubmitUpdateAsync("p1", GrainTestHost.Update(1, Length, 1f));
            await host.Campaign("c1").SubmitUpdateAsync("p2", GrainTestHost.Update(1, Length, 2f));
        }

        time.Advance(TimeSpan.FromMinutes(5));
        await using (var host = await GrainTestHost.StartAsync(time, _directory))
        {
            // Nobody calls the campaign: the durable reminder alone activates it and closes the round. (The manual
            // clock fires timers only when it moves, so nudge it; the overdue reminder is already scheduled.)
            time.Advance(TimeSpan.FromSeconds(1));
            await GrainTestHost.EventuallyAsync(async () =>
                (await host.Round("c1", 1, 1).GetSummaryAsync()).Phase == RoundPhase.Aggregated, "the round aggregates");
            var campaign = host.Campaign("c1");
            await GrainTestHost.EventuallyAsync(async () => (await campaign.GetStatusAsync())!.State == CampaignState.Completed, "the campaign completes");
            var record = Assert.Single(await campaign.GetHistoryAsync());
            Assert.Equal(CloseReason.Deadline, record.CloseReason);
            Assert.All((await campaign.GetModelAsync()).Weights.ToArray(), w => Assert.Equal(1.5f, w));
        }
    }
}
