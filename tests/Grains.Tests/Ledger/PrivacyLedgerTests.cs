using Microsoft.Extensions.DependencyInjection;
using OrleansFed.Grains.Campaigns;
using OrleansFed.Grains.Ledger;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Privacy.Accounting;
using OrleansFed.Runtime.Testing;
using Xunit;

namespace OrleansFed.Grains.Tests.Ledger;

/// <summary>The durable ledger grain and the campaign's budget enforcement, with synthetic mechanism events.</summary>
public sealed class PrivacyLedgerTests : IDisposable
{
    private const int Length = 7850;
    private const double Delta = 1e-5;
    private const double Sigma = 2.0;
    private readonly SqliteTestDirectory _directory = new("orleansfed-ledger-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Recording_is_idempotent_per_entry_id_and_a_conflicting_repeat_is_refused()
    {
        await using var host = await GrainTestHost.StartAsync();
        var ledger = host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("c1"));

        Assert.True(await ledger.RecordAsync("round-1", new GaussianEvent(Sigma)));
        Assert.False(await ledger.RecordAsync("round-1", new GaussianEvent(Sigma)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.RecordAsync("round-1", new GaussianEvent(1.0)));

        var entry = Assert.Single(await ledger.GetEntriesAsync());
        Assert.Equal(new LedgerEntry("round-1", new GaussianEvent(Sigma)), entry);
    }

    [Fact]
    public async Task Epsilon_comes_from_the_named_accountant_and_projection_records_nothing()
    {
        await using var host = await GrainTestHost.StartAsync();
        var ledger = host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("c1"));
        Assert.Equal(0, await ledger.GetEpsilonAsync("rdp", Delta));

        await ledger.RecordAsync("a", new GaussianEvent(Sigma));
        await ledger.RecordAsync("b", new SubsampledGaussianEvent(0.1, 1.1, 100));
        Assert.Equal(
            new RdpAccountant().GetGuarantee(new PrivacyLedger([new GaussianEvent(Sigma), new SubsampledGaussianEvent(0.1, 1.1, 100)]), Delta).Epsilon,
            await ledger.GetEpsilonAsync("rdp", Delta));
        var projected = await ledger.ProjectEpsilonAsync(new GaussianEvent(Sigma), "rdp", Delta);
        Assert.Equal(
            new RdpAccountant().GetGuarantee(new PrivacyLedger(
                [new GaussianEvent(Sigma), new SubsampledGaussianEvent(0.1, 1.1, 100), new GaussianEvent(Sigma)]), Delta).Epsilon,
            projected);
        Assert.Equal(2, (await ledger.GetEntriesAsync()).Length);

        var pure = host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("pure"));
        await pure.RecordAsync("a", new PureDpEvent(0.5));
        await pure.RecordAsync("b", new PureDpEvent(0.25));
        Assert.Equal(0.75, await pure.GetEpsilonAsync("composition", Delta), 12);
    }

    [Fact]
    public async Task Campaign_and_participant_ledgers_are_separate_and_survive_a_restart()
    {
        await using (var host = await GrainTestHost.StartAsync(new ManualTimeProvider(), _directory))
        {
            await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("c1")).RecordAsync("round-1", new GaussianEvent(Sigma));
            var participant = host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger("c1", "p2"));
            await participant.RecordAsync("round-1", new SubsampledGaussianEvent(0.01, 1.0, 600));
            await participant.RecordAsync("round-2", new SubsampledGaussianEvent(0.01, 1.0, 600));
        }

        await using (var host = await GrainTestHost.StartAsync(new ManualTimeProvider(), _directory))
        {
            var campaign = host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("c1"));
            var participant = host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger("c1", "p2"));
            Assert.Equal(EpsilonAfter(1), await campaign.GetEpsilonAsync("rdp", Delta));
            Assert.Equal(["round-1", "round-2"], (await participant.GetEntriesAsync()).Select(e => e.Id));
            var expected = new RdpAccountant().GetGuarantee(
                new PrivacyLedger([new SubsampledGaussianEvent(0.01, 1.0, 600), new SubsampledGaussianEvent(0.01, 1.0, 600)]), Delta).Epsilon;
            Assert.Equal(expected, await participant.GetEpsilonAsync("rdp", Delta));
            Assert.False(await participant.RecordAsync("round-2", new SubsampledGaussianEvent(0.01, 1.0, 600)));
            Assert.Empty(await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger("c1", "p1")).GetEntriesAsync());
        }
    }

    [Fact]
    public async Task A_campaign_stops_before_the_round_that_would_exceed_its_budget_even_across_a_restart()
    {
        // Budget between ε after 2 and after 3 Gaussian rounds: rounds 1 and 2 run, round 3 is refused.
        var budget = (EpsilonAfter(2) + EpsilonAfter(3)) / 2;
        var time = new ManualTimeProvider();
        await using (var host = await StartAsync(time))
        {
            await host.Campaign("c1").CreateAsync(Config(budget));
            await host.EnrollAsync("c1", 2);
            await RunRoundAsync(host, 1);
            var record = Assert.Single(await host.Campaign("c1").GetHistoryAsync());
            Assert.Equal(EpsilonAfter(1), record.Epsilon!.Value, 9);
        }

        await using (var host = await StartAsync(time))
        {
            var campaign = host.Campaign("c1");
            Assert.Equal(CampaignState.Running, (await campaign.GetStatusAsync())!.State);
            await RunRoundAsync(host, 2);

            var status = (await campaign.GetStatusAsync())!;
            Assert.Equal(CampaignState.Completed, status.State);
            Assert.Equal(2, status.CompletedRounds);
            Assert.StartsWith(CampaignGrain.BudgetExhaustedMessage + ": round 3 would raise ε from ", status.Message, StringComparison.Ordinal);
            Assert.Contains("stopped after 2 of 5 rounds", status.Message, StringComparison.Ordinal);
            var history = await campaign.GetHistoryAsync();
            Assert.Equal(2, history.Length);
            Assert.Equal(EpsilonAfter(1), history[0].Epsilon!.Value, 9);
            Assert.Equal(EpsilonAfter(2), history[1].Epsilon!.Value, 9);
            Assert.True(EpsilonAfter(2) <= budget);

            var ledger = host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("c1"));
            Assert.Equal(["round-1", "round-2"], (await ledger.GetEntriesAsync()).Select(e => e.Id));
            Assert.Equal(RoundPhase.NotOpened, (await host.Round("c1", 3, 1).GetSummaryAsync()).Phase);
            Assert.Equal(TaskOfferKind.CampaignEnded, (await campaign.GetNextTaskAsync("p1")).Kind);
        }
    }

    [Fact]
    public async Task A_budget_too_small_for_one_round_ends_the_campaign_when_it_would_start()
    {
        await using var host = await StartAsync(new ManualTimeProvider(), sqlite: false);
        await host.Campaign("c1").CreateAsync(Config(EpsilonAfter(1) / 2));
        await host.EnrollAsync("c1", 2);

        var status = (await host.Campaign("c1").GetStatusAsync())!;
        Assert.Equal(CampaignState.Completed, status.State);
        Assert.Equal(0, status.CompletedRounds);
        Assert.StartsWith(CampaignGrain.BudgetExhaustedMessage + ": round 1 would raise ε from 0 to ", status.Message, StringComparison.Ordinal);
        Assert.Equal(RoundPhase.NotOpened, (await host.Round("c1", 1, 1).GetSummaryAsync()).Phase);
        Assert.Empty(await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("c1")).GetEntriesAsync());
    }

    [Fact]
    public async Task Without_a_budget_events_are_still_recorded_but_nothing_is_refused()
    {
        await using var host = await StartAsync(new ManualTimeProvider(), sqlite: false);
        await host.Campaign("c1").CreateAsync(Config(null) with { Rounds = 2 });
        await host.EnrollAsync("c1", 2);
        await RunRoundAsync(host, 1);
        await RunRoundAsync(host, 2);

        Assert.Equal(CampaignState.Completed, (await host.Campaign("c1").GetStatusAsync())!.State);
        Assert.All(await host.Campaign("c1").GetHistoryAsync(), r => Assert.Null(r.Epsilon));
        Assert.Equal(2, (await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("c1")).GetEntriesAsync()).Length);
    }

    [Theory]
    [InlineData(0.0, 1e-5, "rdp", "privacyBudget.epsilon must be")]
    [InlineData(double.PositiveInfinity, 1e-5, "rdp", "privacyBudget.epsilon must be")]
    [InlineData(1.0, 0.0, "rdp", "privacyBudget.delta must be")]
    [InlineData(1.0, 1.0, "rdp", "privacyBudget.delta must be")]
    [InlineData(1.0, 1e-5, "moments", "privacyBudget.accountant must be one of: rdp, composition.")]
    public async Task An_invalid_budget_is_rejected_at_creation(double epsilon, double delta, string accountant, string fragment)
    {
        await using var host = await GrainTestHost.StartAsync();
        var config = Config(null) with { PrivacyBudget = new PrivacyBudgetConfig { Epsilon = epsilon, Delta = delta, Accountant = accountant } };
        var error = await Assert.ThrowsAsync<Interfaces.Errors.InvalidRequestException>(() => host.Campaign("c1").CreateAsync(config));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    private static double EpsilonAfter(int rounds) =>
        new RdpAccountant().GetGuarantee(new PrivacyLedger([.. Enumerable.Repeat<PrivacyEvent>(new GaussianEvent(Sigma), rounds)]), Delta).Epsilon;

    private Task<GrainTestHost> StartAsync(ManualTimeProvider time, bool sqlite = true) =>
        GrainTestHost.StartAsync(time, sqlite ? _directory.Path : null,
            services => services.AddSingleton<IRoundPrivacyCost>(new GaussianPerRound()));

    private static async Task RunRoundAsync(GrainTestHost host, int round)
    {
        await host.Campaign("c1").SubmitUpdateAsync("p1", GrainTestHost.Update(round, Length, 1f));
        await host.Campaign("c1").SubmitUpdateAsync("p2", GrainTestHost.Update(round, Length, 2f));
    }

    private static CampaignConfig Config(double? epsilon) => new()
    {
        Model = "logreg",
        Rounds = 5,
        MinParticipants = 2,
        PrivacyBudget = epsilon is { } e ? new PrivacyBudgetConfig { Epsilon = e, Delta = Delta } : null,
    };

    /// <summary>A synthetic mechanism: every round is one Gaussian release with noise multiplier σ = 2.</summary>
    private sealed class GaussianPerRound : IRoundPrivacyCost
    {
        public PrivacyEvent? ForRound(CampaignConfig config, int round, int sampled, int enrolled) => new GaussianEvent(Sigma);
    }
}
