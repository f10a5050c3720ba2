using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using Xunit;

namespace OrleansFed.Grains.Tests;

public sealed class CampaignLifecycleTests : IAsyncLifetime
{
    private GrainTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GrainTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Create_stores_normalized_config_and_seeded_initial_model_version_0()
    {
        var status = await _host.CreateAsync("c1", minParticipants: 3);

        Assert.Equal(CampaignState.Created, status.State);
        Assert.Equal(0, status.ModelVersion);
        Assert.Equal(0, status.CurrentRound);
        Assert.Equal(3, status.Config.MinEnrolled);
        Assert.Equal("fedavg", status.Config.Protocol);
        var model = await _host.Campaign("c1").GetModelAsync();
        Assert.Equal(0, model.ModelVersion);
        Assert.Equal(785 * 10, model.Weights.Length);
    }

    [Fact]
    public async Task Create_twice_is_rejected_as_existing()
    {
        await _host.CreateAsync("c1");
        await Assert.ThrowsAsync<CampaignExistsException>(() => _host.CreateAsync("c1"));
    }

    [Fact]
    public async Task Invalid_configuration_is_rejected_naming_every_violation_and_creates_nothing()
    {
        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => _host.Campaign("c1").CreateAsync(
            new CampaignConfig { Model = "resnet", Rounds = 0, MinParticipants = 3, ParticipantsPerRound = 2 }));

        Assert.Contains("model must be", ex.Message, StringComparison.Ordinal);
        Assert.Contains("rounds must be", ex.Message, StringComparison.Ordinal);
        Assert.Contains("participantsPerRound", ex.Message, StringComparison.Ordinal);
        Assert.Null(await _host.Campaign("c1").GetStatusAsync());
    }

    [Fact]
    public async Task Round_1_starts_once_min_enrolled_participants_joined()
    {
        await _host.CreateAsync("c1", minParticipants: 2);
        await _host.EnrollAsync("c1", 1);
        Assert.Equal(CampaignState.Created, (await _host.Campaign("c1").GetStatusAsync())!.State);

        await _host.EnrollAsync("c1", 1);

        var status = await _host.Campaign("c1").GetStatusAsync();
        Assert.Equal(CampaignState.Running, status!.State);
        Assert.Equal(1, status.CurrentRound);
        Assert.Equal(2, status.Enrolled);
        var summary = await _host.Round("c1", 1, 1).GetSummaryAsync();
        Assert.Equal(RoundPhase.Open, summary.Phase);
        Assert.Equal(new[] { "p1", "p2" }, summary.Selected);
    }

    [Fact]
    public async Task Selected_participant_gets_a_task_with_the_campaign_settings_until_it_submits()
    {
        await _host.CreateAsync("c1");
        await _host.EnrollAsync("c1", 2);

        var offer = await _host.Campaign("c1").GetNextTaskAsync("p1");

        Assert.Equal(TaskOfferKind.Assigned, offer.Kind);
        Assert.Equal(1, offer.Task!.Round);
        Assert.Equal(1, offer.Task.Attempt);
        Assert.Equal("logreg", offer.Task.Model);
        Assert.Equal(CampaignConfig.DefaultBatchSize, offer.Task.BatchSize);
        Assert.Equal(_host.Time.GetUtcNow().AddSeconds(120), offer.Task.Deadline);

        await _host.Campaign("c1").SubmitUpdateAsync("p1", GrainTestHost.Update(1, 7850, 1f));
        Assert.Equal(TaskOfferKind.None, (await _host.Campaign("c1").GetNextTaskAsync("p1")).Kind);
        Assert.Equal(TaskOfferKind.Assigned, (await _host.Campaign("c1").GetNextTaskAsync("p2")).Kind);
    }

    [Fact]
    public async Task Pause_resume_and_stop_follow_the_state_machine()
    {
        await _host.CreateAsync("c1");
        var campaign = _host.Campaign("c1");
        await Assert.ThrowsAsync<IllegalTransitionException>(() => campaign.PauseAsync());
        await _host.EnrollAsync("c1", 2);

        Assert.Equal(CampaignState.Paused, (await campaign.PauseAsync()).State);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => campaign.PauseAsync());
        Assert.Equal(TaskOfferKind.None, (await campaign.GetNextTaskAsync("p1")).Kind);
        await Assert.ThrowsAsync<RoundClosedException>(() => campaign.SubmitUpdateAsync("p1", GrainTestHost.Update(1, 7850, 1f)));

        Assert.Equal(CampaignState.Running, (await campaign.ResumeAsync()).State);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => campaign.ResumeAsync());
        Assert.Equal(CampaignState.Stopped, (await campaign.StopAsync()).State);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => campaign.StopAsync());
        Assert.Equal(TaskOfferKind.CampaignEnded, (await campaign.GetNextTaskAsync("p1")).Kind);
        await Assert.ThrowsAsync<CampaignEndedException>(() =>
            campaign.EnrollAsync(new EnrollRequest { Name = "late", SampleCount = 1 }));
    }

    [Fact]
    public async Task Resume_gives_the_open_attempt_a_fresh_deadline()
    {
        await _host.CreateAsync("c1", timeoutSeconds: 60);
        await _host.EnrollAsync("c1", 2);
        var campaign = _host.Campaign("c1");
        await campaign.PauseAsync();
        _host.Time.Advance(TimeSpan.FromMinutes(10));

        await campaign.ResumeAsync();

        var offer = await campaign.GetNextTaskAsync("p1");
        Assert.Equal(_host.Time.GetUtcNow().AddSeconds(60), offer.Task!.Deadline);
        Assert.Empty(await campaign.GetHistoryAsync());
    }

    [Fact]
    public async Task Operations_on_a_missing_campaign_report_not_found()
    {
        var campaign = _host.Campaign("nope");
        Assert.Null(await campaign.GetStatusAsync());
        await Assert.ThrowsAsync<CampaignNotFoundException>(() => campaign.PauseAsync());
        await Assert.ThrowsAsync<CampaignNotFoundException>(() => campaign.GetModelAsync());
        await Assert.ThrowsAsync<CampaignNotFoundException>(() => campaign.EnrollAsync(new EnrollRequest { Name = "a", SampleCount = 1 }));
    }

    [Fact]
    public async Task Registry_lists_campaigns_in_creation_order()
    {
        await _host.CreateAsync("b");
        await _host.CreateAsync("a");

        var ids = await _host.Grains.GetGrain<ICampaignRegistryGrain>(GrainKeys.Registry).ListAsync();

        Assert.Equal(new[] { "b", "a" }, ids);
    }
}
