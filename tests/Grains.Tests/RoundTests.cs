using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using Xunit;

namespace OrleansFed.Grains.Tests;

public sealed class RoundTests : IAsyncLifetime
{
    private const int Length = 7850;
    private GrainTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GrainTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Round_closes_when_all_selected_submitted_with_the_sample_weighted_average()
    {
        await _host.CreateAsync("c1", rounds: 2, minParticipants: 3);
        await _host.EnrollAsync("c1", 3);
        var campaign = _host.Campaign("c1");

        // Shares 1/4, 1/4, 1/2 of 400 samples: 0.25·2 + 0.25·4 + 0.5·8 = 5.5 exactly; loss 0.25·1 + 0.25·2 + 0.5·4 = 2.75.
        await campaign.SubmitUpdateAsync("p1", GrainTestHost.Update(1, Length, 2f, samples: 100, loss: 1f));
        await campaign.SubmitUpdateAsync("p2", GrainTestHost.Update(1, Length, 4f, samples: 100, loss: 2f));
        var receipt = await campaign.SubmitUpdateAsync("p3", GrainTestHost.Update(1, Length, 8f, samples: 200, loss: 4f));

        Assert.True(receipt.Accepted);
        Assert.False(receipt.Duplicate);
        var model = await campaign.GetModelAsync();
        Assert.Equal(1, model.ModelVersion);
        Assert.All(model.Weights.ToArray(), w => Assert.Equal(5.5f, w));
        var record = Assert.Single(await campaign.GetHistoryAsync());
        Assert.Equal(1, record.Round);
        Assert.Equal(1, record.Attempt);
        Assert.Equal(3, record.Participants);
        Assert.Equal(400, record.Samples);
        Assert.Equal(CloseReason.AllSubmitted, record.CloseReason);
        Assert.Equal(2.75, record.TrainLoss, 6);
        Assert.Equal(1, record.ModelVersion);
        var status = await campaign.GetStatusAsync();
        Assert.Equal(2, status!.CurrentRound);
        Assert.Equal(1, status.CompletedRounds);
        Assert.Equal(RoundPhase.Open, (await _host.Round("c1", 2, 1).GetSummaryAsync()).Phase);
    }

    [Fact]
    public async Task Round_closes_at_the_deadline_with_at_least_the_minimum()
    {
        await _host.CreateAsync("c1", rounds: 1, minParticipants: 2, timeoutSeconds: 30, minEnrolled: 3);
        await _host.EnrollAsync("c1", 3);
        var campaign = _host.Campaign("c1");
        await campaign.SubmitUpdateAsync("p1", GrainTestHost.Update(1, Length, 1f, samples: 1));
        await campaign.SubmitUpdateAsync("p3", GrainTestHost.Update(1, Length, 3f, samples: 3));
        Assert.Empty(await campaign.GetHistoryAsync());

        _host.Time.Advance(TimeSpan.FromSeconds(30));
        await GrainTestHost.EventuallyAsync(async () => (await campaign.GetStatusAsync())!.State == CampaignState.Completed, "the campaign completes");

        var record = Assert.Single(await campaign.GetHistoryAsync());
        Assert.Equal(CloseReason.Deadline, record.CloseReason);
        Assert.Equal(2, record.Participants);
        Assert.Equal(4, record.Samples);
        Assert.All((await campaign.GetModelAsync()).Weights.ToArray(), w => Assert.Equal(2.5f, w));
        Assert.Equal(TaskOfferKind.CampaignEnded, (await campaign.GetNextTaskAsync("p2")).Kind);
    }

    [Fact]
    public async Task Round_below_the_minimum_at_the_deadline_is_retried_as_a_new_attempt()
    {
        await _host.CreateAsync("c1", rounds: 1, minParticipants: 2, timeoutSeconds: 30);
        await _host.EnrollAsync("c1", 2);
        var campaign = _host.Campaign("c1");
        await campaign.SubmitUpdateAsync("p1", GrainTestHost.Update(1, Length, 9f));

        _host.Time.Advance(TimeSpan.FromSeconds(30));
        await GrainTestHost.EventuallyAsync(async () => (await campaign.GetNextTaskAsync("p1")).Task?.Attempt == 2, "attempt 2 opens");

        Assert.Equal(RoundPhase.Abandoned, (await _host.Round("c1", 1, 1).GetSummaryAsync()).Phase);
        Assert.Empty(await campaign.GetHistoryAsync());
        Assert.Equal(0, (await campaign.GetModelAsync()).ModelVersion);
        await campaign.SubmitUpdateAsync("p1", GrainTestHost.Update(1, Length, 1f));
        await campaign.SubmitUpdateAsync("p2", GrainTestHost.Update(1, Length, 3f));
        var record = Assert.Single(await campaign.GetHistoryAsync());
        Assert.Equal(2, record.Attempt);
        Assert.All((await campaign.GetModelAsync()).Weights.ToArray(), w => Assert.Equal(2f, w));
        Assert.Equal(CampaignState.Completed, (await campaign.GetStatusAsync())!.State);
    }

    [Fact]
    public async Task Campaign_fails_with_a_clear_message_when_every_retry_misses_the_minimum()
    {
        await _host.CreateAsync("c1", rounds: 3, minParticipants: 2, maxRetries: 1, timeoutSeconds: 10);
        await _host.EnrollAsync("c1", 2);
        var campaign = _host.Campaign("c1");

        _host.Time.Advance(TimeSpan.FromSeconds(10));
        await GrainTestHost.EventuallyAsync(async () => (await campaign.GetNextTaskAsync("p1")).Task?.Attempt == 2, "attempt 2 opens");
        _host.Time.Advance(TimeSpan.FromSeconds(10));
        await GrainTestHost.EventuallyAsync(async () => (await campaign.GetStatusAsync())!.State == CampaignState.Failed, "the campaign fails");

        var status = await campaign.GetStatusAsync();
        Assert.Equal("Round 1 failed: each of its 2 attempts ended with fewer than the minimum of 2 updates (last attempt: 0).", status!.Message);
        Assert.Equal(TaskOfferKind.CampaignEnded, (await campaign.GetNextTaskAsync("p1")).Kind);
        await Assert.ThrowsAsync<RoundClosedException>(() => campaign.SubmitUpdateAsync("p1", GrainTestHost.Update(1, Length, 1f)));
    }

    [Fact]
    public async Task Duplicate_submission_is_acknowledged_and_counted_once()
    {
        await _host.CreateAsync("c1", minParticipants: 2);
        await _host.EnrollAsync("c1", 3);
        var campaign = _host.Campaign("c1");

        var first = await campaign.SubmitUpdateAsync("p1", GrainTestHost.Update(1, Length, 1f));
        var second = await campaign.SubmitUpdateAsync("p1", GrainTestHost.Update(1, Length, 1f));

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        var summary = await _host.Round("c1", 1, 1).GetSummaryAsync();
        Assert.Equal(new[] { "p1" }, summary.Submitted);
        Assert.Equal(100, summary.Samples);
        var participant = await _host.Grains.GetGrain<IParticipantGrain>(GrainKeys.Participant("c1", "p1")).GetInfoAsync();
        Assert.Equal(new[] { 1 }, participant!.RoundsJoined);
    }

    [Fact]
    public async Task Rejected_submissions_change_nothing()
    {
        await _host.CreateAsync("c1", rounds: 2, minParticipants: 2, perRound: 2);
        await _host.EnrollAsync("c1", 3);
        var campaign = _host.Campaign("c1");
        var selected = (await _host.Round("c1", 1, 1).GetSummaryAsync()).Selected;
        var outsider = new[] { "p1", "p2", "p3" }.Single(p => !selected.Contains(p));
        var insider = selected[0];
        var before = await _host.Round("c1", 1, 1).GetSummaryAsync();

        await Assert.ThrowsAsync<WrongLengthException>(() => campaign.SubmitUpdateAsync(insider, GrainTestHost.Update(1, Length - 1, 1f)));
        await Assert.ThrowsAsync<NotSelectedException>(() => campaign.SubmitUpdateAsync(outsider, GrainTestHost.Update(1, Length, 1f)));
        await Assert.ThrowsAsync<RoundClosedException>(() => campaign.SubmitUpdateAsync(insider, GrainTestHost.Update(2, Length, 1f)));

        var after = await _host.Round("c1", 1, 1).GetSummaryAsync();
        Assert.Equal(before.Submitted, after.Submitted);
        Assert.Empty(after.Submitted);
        Assert.Equal(0, (await campaign.GetStatusAsync())!.CompletedRounds);
    }

    [Fact]
    public async Task Submission_after_the_round_closed_is_rejected_and_changes_nothing()
    {
        await _host.CreateAsync("c1", rounds: 2, minParticipants: 2);
        await _host.EnrollAsync("c1", 2);
        var campaign = _host.Campaign("c1");
        await campaign.SubmitUpdateAsync("p1", GrainTestHost.Update(1, Length, 1f));
        await campaign.SubmitUpdateAsync("p2", GrainTestHost.Update(1, Length, 3f));
        var model = await campaign.GetModelAsync();

        await Assert.ThrowsAsync<RoundClosedException>(() => campaign.SubmitUpdateAsync("p1", GrainTestHost.Update(1, Length, 100f)));

        Assert.Single(await campaign.GetHistoryAsync());
        Assert.Equal(model.Weights.ToArray(), (await campaign.GetModelAsync()).Weights.ToArray());
        Assert.Empty((await _host.Round("c1", 2, 1).GetSummaryAsync()).Submitted);
    }

    [Fact]
    public async Task Submission_after_the_round_closed_at_its_deadline_is_rejected()
    {
        await _host.CreateAsync("c1", rounds: 1, minParticipants: 1, timeoutSeconds: 30);
        await _host.EnrollAsync("c1", 2);
        var campaign = _host.Campaign("c1");
        await campaign.SubmitUpdateAsync("p1", GrainTestHost.Update(1, Length, 1f));

        _host.Time.Advance(TimeSpan.FromSeconds(30));
        await GrainTestHost.EventuallyAsync(async () => (await campaign.GetStatusAsync())!.State == CampaignState.Completed, "the campaign completes");

        await Assert.ThrowsAsync<RoundClosedException>(() => campaign.SubmitUpdateAsync("p2", GrainTestHost.Update(1, Length, 1f)));
        Assert.Equal(1, Assert.Single(await campaign.GetHistoryAsync()).Participants);
    }

    [Fact]
    public async Task Closing_an_already_aggregated_round_again_yields_the_same_result_and_one_history_entry()
    {
        await _host.CreateAsync("c1", rounds: 1, minParticipants: 2, timeoutSeconds: 30, minEnrolled: 3);
        await _host.EnrollAsync("c1", 3);
        var campaign = _host.Campaign("c1");
        await campaign.SubmitUpdateAsync("p1", GrainTestHost.Update(1, Length, 1f, samples: 1));
        await campaign.SubmitUpdateAsync("p2", GrainTestHost.Update(1, Length, 5f, samples: 3));

        // As if the campaign had crashed right after the round aggregated, before recording it.
        var early = await _host.Round("c1", 1, 1).CloseAsync(new RoundCloseRequest(_host.Time.GetUtcNow(), await campaign.GetModelAsync()));
        _host.Time.Advance(TimeSpan.FromSeconds(30));
        await GrainTestHost.EventuallyAsync(async () => (await campaign.GetStatusAsync())!.State == CampaignState.Completed, "the campaign completes");

        Assert.True(early.Aggregated);
        var record = Assert.Single(await campaign.GetHistoryAsync());
        Assert.Equal(early.Record!.ClosedAt, record.ClosedAt);
        Assert.Equal(early.Weights.ToArray(), (await campaign.GetModelAsync()).Weights.ToArray());
        Assert.All(early.Weights.ToArray(), w => Assert.Equal(4f, w));
    }

    [Fact]
    public async Task Every_round_appears_once_and_the_campaign_completes_after_the_last()
    {
        await _host.CreateAsync("c1", rounds: 3, minParticipants: 2);
        await _host.EnrollAsync("c1", 2);
        var campaign = _host.Campaign("c1");
        for (var round = 1; round <= 3; round++)
        {
            await campaign.SubmitUpdateAsync("p1", GrainTestHost.Update(round, Length, round));
            await campaign.SubmitUpdateAsync("p2", GrainTestHost.Update(round, Length, round));
        }

        var history = await campaign.GetHistoryAsync();
        Assert.Equal(new[] { 1, 2, 3 }, history.Select(r => r.Round));
        Assert.Equal(new long[] { 1, 2, 3 }, history.Select(r => r.ModelVersion));
        var status = await campaign.GetStatusAsync();
        Assert.Equal(CampaignState.Completed, status!.State);
        Assert.Equal(3, status.ModelVersion);
        Assert.Equal("Completed all 3 rounds.", status.Message);
    }
}
