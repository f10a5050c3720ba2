using Xunit;
using OrleansFed.Grains.Campaigns;
using OrleansFed.Grains.DifferentialPrivacy;
using OrleansFed.Grains.Ledger;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Grains.Tests.DifferentialPrivacy;

/// <summary>The DP modes driven through the campaign grain: ledgers, reported ε, budget stop, task settings; under
/// <c>dp-distributed</c> also the attempt charged before it opens and settings that could wrap refused at creation.</summary>
public sealed class DpCampaignTests
{
    private const int Logreg = 7850;
    private const double Delta = 1e-5;

    [Theory]
    [InlineData("poisson")] // q = sampleFraction = 0.5, averaged over q·N = 2; add-or-remove-one analysis
    [InlineData("fixed")]   // 2 of the 4 without replacement: q = 2/4 = 0.5, averaged over 2; zero-out analysis
    public async Task Dp_central_rounds_charge_the_campaign_ledger_exactly_what_the_RDP_accountant_says(string sampling)
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.Campaign("c").CreateAsync(Central($"dp-central:sigma=1,clip=1,sampling={sampling}", rounds: 2));
        await host.EnrollAsync("c", 4);

        await RunRoundAsync(host, "c", 1);
        await RunRoundAsync(host, "c", 2);

        var status = (await host.Campaign("c").GetStatusAsync())!;
        var history = await host.Campaign("c").GetHistoryAsync();
        var z = DpCentralAggregator.AccountedNoiseMultiplier(PrivacyModeSpec.Parse("dp-central:sigma=1"), 2, Logreg);
        PrivacyEvent round = sampling == "poisson" ? new SubsampledGaussianEvent(0.5, z, 1) : new SampledWithoutReplacementGaussianEvent(0.5, z, 1);
        Assert.Equal(CampaignState.Completed, status.State);
        Assert.Equal(Expected(round, 1), history[0].Epsilon!.Value, 12);
        Assert.Equal(Expected(round, 2), history[1].Epsilon!.Value, 12);
        Assert.Equal(history[1].Epsilon, status.Epsilon);
        Assert.Equal(Delta, status.Delta);
        var entries = await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("c")).GetEntriesAsync();
        Assert.Equal(["round-1", "round-2"], entries.Select(e => e.Id));
        Assert.All(entries, e => Assert.Equal(round, e.Event));
        Assert.Equal($"dp-central:sigma=1,clip=1,delta=1E-05,sampling={sampling}", status.Config.Privacy);
    }

    [Fact]
    public async Task A_dp_central_campaign_with_a_small_budget_stops_before_the_round_that_would_exceed_it()
    {
        var z = DpCentralAggregator.AccountedNoiseMultiplier(PrivacyModeSpec.Parse("dp-central:sigma=1"), 2, Logreg);
        var one = Expected(new SubsampledGaussianEvent(0.5, z, 1), 1);
        var two = Expected(new SubsampledGaussianEvent(0.5, z, 1), 2);
        await using var host = await GrainTestHost.StartAsync();
        await host.Campaign("c").CreateAsync(Central("dp-central:sigma=1,clip=1", rounds: 5) with
        {
            PrivacyBudget = new PrivacyBudgetConfig { Epsilon = (one + two) / 2, Delta = Delta },
        });
        await host.EnrollAsync("c", 4);

        await RunRoundAsync(host, "c", 1);

        var status = (await host.Campaign("c").GetStatusAsync())!;
        Assert.Equal(CampaignState.Completed, status.State);
        Assert.Equal(1, status.CompletedRounds);
        Assert.StartsWith(CampaignGrain.BudgetExhaustedMessage, status.Message, StringComparison.Ordinal);
        Assert.Equal(one, status.Epsilon!.Value, 12);
        Assert.True(status.Epsilon <= (one + two) / 2);
        Assert.Single(await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("c")).GetEntriesAsync());
    }

    [Fact]
    public async Task A_budget_below_one_round_ends_the_campaign_before_round_one()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.Campaign("c").CreateAsync(Central("dp-central:sigma=1,clip=1", rounds: 5) with
        {
            PrivacyBudget = new PrivacyBudgetConfig { Epsilon = 0.01, Delta = Delta },
        });
        await host.EnrollAsync("c", 4);

        await AssertEndedBeforeRoundOneUnchargedAsync(host);
    }

    [Fact]
    public async Task Dp_sgd_tasks_carry_the_settings_and_each_accepted_update_is_charged_to_its_participant_once()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.Campaign("c").CreateAsync(new CampaignConfig
        {
            Model = "logreg", Rounds = 2, MinParticipants = 2, BatchSize = 10, LocalEpochs = 2, Privacy = "dp-sgd:sigma=1.1,clip=0.5",
        });
        await host.EnrollAsync("c", 2); // 100 samples each

        var offer = await host.Campaign("c").GetNextTaskAsync("p1");
        Assert.Equal(new DpSgdTaskSettings { NoiseMultiplier = 1.1, ClipNorm = 0.5, Delta = Delta }, offer.Task!.DpSgd);
        await host.Campaign("c").SubmitUpdateAsync("p1", GrainTestHost.Update(1, Logreg, 0.1f));
        await host.Campaign("c").SubmitUpdateAsync("p1", GrainTestHost.Update(1, Logreg, 0.1f)); // a repeat
        await host.Campaign("c").SubmitUpdateAsync("p2", GrainTestHost.Update(1, Logreg, 0.2f));
        await host.Campaign("c").SubmitUpdateAsync("p1", GrainTestHost.Update(2, Logreg, 0.1f));

        // q = 10/100, round(100/10) = 10 steps per epoch, 2 epochs.
        var run = new SubsampledGaussianEvent(0.1, 1.1, 20);
        Assert.Equal(run, DpSgdParticipantCost.ForRun(1.1, 100, 10, 2));
        var p1Ledger = await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger("c", "p1")).GetEntriesAsync();
        Assert.Equal(["round-1-a1", "round-2-a1"], p1Ledger.Select(e => e.Id));
        Assert.All(p1Ledger, e => Assert.Equal(run, e.Event));
        var p1 = (await host.Grains.GetGrain<IParticipantGrain>(GrainKeys.Participant("c", "p1")).GetInfoAsync())!;
        var p2 = (await host.Grains.GetGrain<IParticipantGrain>(GrainKeys.Participant("c", "p2")).GetInfoAsync())!;
        Assert.Equal(Expected(run, 2), p1.Epsilon!.Value, 12);
        Assert.Equal(Expected(run, 1), p2.Epsilon!.Value, 12);
        Assert.Equal(Delta, p1.Delta);

        var status = (await host.Campaign("c").GetStatusAsync())!;
        Assert.Equal(p1.Epsilon, status.ParticipantEpsilon!["p1"]);
        Assert.Equal(p2.Epsilon, status.ParticipantEpsilon!["p2"]);
        Assert.Equal(p1.Epsilon, status.Epsilon); // the largest participant ε
        Assert.Equal(Expected(run, 1), (await host.Campaign("c").GetHistoryAsync())[0].Epsilon!.Value, 12);
    }

    [Fact]
    public async Task A_dp_sgd_campaign_stops_before_a_round_that_would_push_a_participant_over_the_budget()
    {
        var run = DpSgdParticipantCost.ForRun(1.1, 100, 10, 2);
        var one = Expected(run, 1);
        var two = Expected(run, 2);
        await using var host = await GrainTestHost.StartAsync();
        await host.Campaign("c").CreateAsync(new CampaignConfig
        {
            Model = "logreg", Rounds = 5, MinParticipants = 2, BatchSize = 10, LocalEpochs = 2, Privacy = "dp-sgd:sigma=1.1",
            PrivacyBudget = new PrivacyBudgetConfig { Epsilon = (one + two) / 2, Delta = Delta },
        });
        await host.EnrollAsync("c", 2);

        await host.Campaign("c").SubmitUpdateAsync("p1", GrainTestHost.Update(1, Logreg, 0.1f));
        await host.Campaign("c").SubmitUpdateAsync("p2", GrainTestHost.Update(1, Logreg, 0.1f));

        var status = (await host.Campaign("c").GetStatusAsync())!;
        Assert.Equal(CampaignState.Completed, status.State);
        Assert.Equal(1, status.CompletedRounds);
        Assert.StartsWith(CampaignGrain.BudgetExhaustedMessage + ": round 2 would raise participant p1's ε", status.Message, StringComparison.Ordinal);
        Assert.All(status.ParticipantEpsilon!.Values, e => Assert.Equal(one, e, 12));
    }

    [Fact]
    public async Task A_dp_sgd_update_the_silo_received_but_refused_is_charged_once_per_distinct_update()
    {
        var run = DpSgdParticipantCost.ForRun(1.1, 100, 10, 2);
        await using var host = await GrainTestHost.StartAsync();
        await host.Campaign("c").CreateAsync(new CampaignConfig
        {
            Model = "logreg", Rounds = 2, MinParticipants = 2, BatchSize = 10, LocalEpochs = 2, Privacy = "dp-sgd:sigma=1.1",
            RoundTimeoutSeconds = 30,
        });
        await host.EnrollAsync("c", 2);
        var ledger = host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger("c", "p1"));

        // A round-2 update while round 1 is open is refused after the silo read it; its retry is the same release.
        var early = GrainTestHost.Update(2, Logreg, 0.2f);
        await Assert.ThrowsAsync<RoundClosedException>(() => host.Campaign("c").SubmitUpdateAsync("p1", early));
        await Assert.ThrowsAsync<RoundClosedException>(() => host.Campaign("c").SubmitUpdateAsync("p1", early));
        var refused = Assert.Single(await ledger.GetEntriesAsync());
        Assert.StartsWith("round-2-refused-", refused.Id, StringComparison.Ordinal);
        Assert.Equal(run, refused.Event);

        // Another run (other weights) is another release; the accepted round-1 update is charged as before.
        await Assert.ThrowsAsync<RoundClosedException>(() => host.Campaign("c").SubmitUpdateAsync("p1", GrainTestHost.Update(2, Logreg, 0.3f)));
        await host.Campaign("c").SubmitUpdateAsync("p1", GrainTestHost.Update(1, Logreg, 0.1f));
        var entries = await ledger.GetEntriesAsync();
        Assert.Equal(3, entries.Length);
        Assert.Contains(entries, e => e.Id == "round-1-a1");
        Assert.All(entries, e => Assert.Equal(run, e.Event));
        Assert.Equal(Expected(run, 3), (await host.Campaign("c").GetStatusAsync())!.ParticipantEpsilon!["p1"], 12);
        Assert.Empty(await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger("c", "p2")).GetEntriesAsync());
    }

    [Fact]
    public async Task Refused_updates_cost_nothing_outside_dp_sgd()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.Campaign("c").CreateAsync(Central("dp-central:sigma=1,clip=1", rounds: 2));
        await host.EnrollAsync("c", 4);
        await Assert.ThrowsAsync<RoundClosedException>(() => host.Campaign("c").SubmitUpdateAsync("p1", GrainTestHost.Update(2, Logreg, 0.2f)));
        Assert.Empty(await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger("c", "p1")).GetEntriesAsync());
    }

    [Fact]
    public async Task The_participant_whose_enrollment_starts_a_dp_sgd_campaign_is_budget_checked_too()
    {
        // p1 holds 100 examples, p2 only 10: with batch 10 p2 runs every step on all its data (q = 1), so one run costs
        // it far more than p1. The budget admits p1's run but not p2's, and p2's enrollment is the one that starts round 1.
        var small = Expected(DpSgdParticipantCost.ForRun(1.1, 10, 10, 2), 1);
        var large = Expected(DpSgdParticipantCost.ForRun(1.1, 100, 10, 2), 1);
        Assert.True(large < small);
        await using var host = await GrainTestHost.StartAsync();
        await host.Campaign("c").CreateAsync(new CampaignConfig
        {
            Model = "logreg", Rounds = 5, MinParticipants = 2, BatchSize = 10, LocalEpochs = 2, Privacy = "dp-sgd:sigma=1.1",
            PrivacyBudget = new PrivacyBudgetConfig { Epsilon = (large + small) / 2, Delta = Delta },
        });
        await host.Campaign("c").EnrollAsync(new EnrollRequest { Name = "big", SampleCount = 100 });
        await host.Campaign("c").EnrollAsync(new EnrollRequest { Name = "small", SampleCount = 10 });

        var status = (await host.Campaign("c").GetStatusAsync())!;
        Assert.Equal(CampaignState.Completed, status.State);
        Assert.Equal(0, status.CompletedRounds);
        Assert.StartsWith(CampaignGrain.BudgetExhaustedMessage + ": round 1 would raise participant p2's ε from 0 to", status.Message, StringComparison.Ordinal);
        Assert.Equal(TaskOfferKind.CampaignEnded, (await host.Campaign("c").GetNextTaskAsync("p1")).Kind);
        Assert.Empty(await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger("c", "p2")).GetEntriesAsync());
    }

    [Fact]
    public async Task Adaptive_clipping_carries_the_clipping_norm_from_round_to_round()
    {
        await using var host = await GrainTestHost.StartAsync();
        // m = 4 sampled: count noise σ_b = 4/20 = 0.2, so σ must stay below 0.4.
        await host.Campaign("c").CreateAsync(new CampaignConfig
        {
            Model = "logreg", Rounds = 3, MinParticipants = 4, Privacy = "dp-central:sigma=0.3,adaptive=true",
        });
        await host.EnrollAsync("c", 4);
        Assert.Equal(0.1, (await host.Campaign("c").GetStatusAsync())!.ClipNorm);

        // Every update equals the global model (norm 0 ≤ C): the unclipped fraction is 1 ± 0.05 (one σ moves C by 1 %; the bounds are 5σ), so C shrinks by
        // about exp(−0.2 · (1 − 0.5)) per round.
        var global = (await host.Campaign("c").GetModelAsync()).Weights.ToArray();
        foreach (var p in new[] { "p1", "p2", "p3", "p4" })
        {
            await host.Campaign("c").SubmitUpdateAsync(p, new Interfaces.Wire.UpdateBlob(1, 100, 0.5f, global));
        }

        var after1 = (await host.Campaign("c").GetStatusAsync())!.ClipNorm!.Value;
        Assert.InRange(after1, 0.1 * Math.Exp(-0.2 * 0.5) * 0.95, 0.1 * Math.Exp(-0.2 * 0.5) * 1.05);

        global = (await host.Campaign("c").GetModelAsync()).Weights.ToArray();
        foreach (var p in new[] { "p1", "p2", "p3", "p4" })
        {
            await host.Campaign("c").SubmitUpdateAsync(p, new Interfaces.Wire.UpdateBlob(2, 100, 0.5f, global));
        }

        var after2 = (await host.Campaign("c").GetStatusAsync())!.ClipNorm!.Value;
        Assert.InRange(after2 / after1, Math.Exp(-0.2 * 0.5) * 0.95, Math.Exp(-0.2 * 0.5) * 1.05);
    }

    [Fact]
    public async Task A_plain_campaign_reports_no_epsilon()
    {
        await using var host = await GrainTestHost.StartAsync();
        var status = await host.CreateAsync("c");

        Assert.Null(status.Epsilon);
        Assert.Null(status.Delta);
        Assert.Null(status.ParticipantEpsilon);
        Assert.Null(status.ClipNorm);
    }

    [Theory]
    [InlineData("dp-sgd", null, "dp-sgd needs sigma=σ")]
    [InlineData("dp-sgd:sigma=1,delta=2", null, "delta must be in (0, 1)")]
    [InlineData("dp-central:sigma=1", "median", "aggregator must be fedavg or fedprox")]
    [InlineData("dp-central:sigma=1,adaptive=true", null, "needs sigma < 2·count-stddev")]
    public async Task Bad_dp_settings_are_refused_at_creation_and_create_nothing(string privacy, string? aggregator, string fragment)
    {
        await using var host = await GrainTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(
            () => host.Campaign("c").CreateAsync(Central(privacy, rounds: 2) with { Aggregator = aggregator }));

        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.Null(await host.Campaign("c").GetStatusAsync());
    }

    [Fact]
    public async Task The_first_attempt_is_charged_in_the_campaign_ledger_before_any_participant_sends_anything()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.Campaign("c").CreateAsync(Distributed("dp-distributed:noise=1,clip=1"));
        await host.EnrollAsync("c", 6);

        // 6 enrolled, fraction 0.5: 3 sampled, threshold 2 on the complete graph of 3.
        var codec = DpDistributedRound.Codec(PrivacyModeSpec.Parse("dp-distributed:noise=1"), 3, Logreg);
        var entry = Assert.Single(await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("c")).GetEntriesAsync());
        Assert.Equal("round-1-a1", entry.Id);
        Assert.Equal(new SampledWithoutReplacementGaussianEvent(0.5, codec.AccountedNoiseMultiplier, 1), entry.Event);
        Assert.Equal(1, codec.AccountedNoiseMultiplier, 9);
        Assert.Equal(2, codec.MinContributors);

        var status = (await host.Campaign("c").GetStatusAsync())!;
        Assert.Equal(CampaignState.Running, status.State);
        Assert.Equal(Delta, status.Delta);
        Assert.Equal("dp-distributed:sigma=1,clip=1,delta=1E-05,degree=0,bits=32,step=10", status.Config.Privacy);
    }

    [Fact]
    public async Task A_task_carries_the_noise_settings_and_a_plain_upload_is_refused()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.Campaign("c").CreateAsync(Distributed("dp-distributed:noise=2,clip=0.5"));
        await host.EnrollAsync("c", 6);
        var selected = (await host.Round("c", 1, 1).GetSummaryAsync()).Selected[0];

        var offer = await host.Campaign("c").GetNextTaskAsync(selected);

        Assert.Equal(new DpDistributedTaskSettings { NoiseMultiplier = 2, ClipNorm = 0.5 }, offer.Task!.DpDistributed);
        Assert.Null(offer.Task.DpSgd);
        Assert.StartsWith("dp-distributed:", offer.Task.Privacy, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidRequestException>(
            () => host.Campaign("c").SubmitUpdateAsync(selected, GrainTestHost.Update(1, Logreg, 0.01f)));
    }

    [Fact]
    public async Task A_budget_below_one_round_ends_the_campaign_before_round_one_and_charges_nothing()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.Campaign("c").CreateAsync(Distributed("dp-distributed:noise=1,clip=1") with
        {
            PrivacyBudget = new PrivacyBudgetConfig { Epsilon = 0.05, Delta = Delta },
        });
        await host.EnrollAsync("c", 6);

        await AssertEndedBeforeRoundOneUnchargedAsync(host);
    }

    [Theory]
    [InlineData("dp-distributed:noise=1", "median", 3, "needs a mean-based aggregator")]
    [InlineData("dp-distributed:noise=1", null, 2, "needs minParticipants of at least 3")]
    [InlineData("dp-distributed:noise=1,threshold=5", null, 3, "with threshold 5 needs minParticipants of at least 6")]
    [InlineData("dp-distributed:noise=10,bits=16", null, 50, "wrap-around")]
    [InlineData("dp-distributed:clip=1", null, 3, "dp-distributed needs sigma=σ")]
    public async Task Bad_settings_are_refused_at_creation_and_create_nothing(string privacy, string? aggregator, int minParticipants, string fragment)
    {
        await using var host = await GrainTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => host.Campaign("c").CreateAsync(new CampaignConfig
        {
            Model = "logreg", Rounds = 2, MinParticipants = minParticipants, MinEnrolled = minParticipants, Aggregator = aggregator, Privacy = privacy,
        }));

        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.Null(await host.Campaign("c").GetStatusAsync());
    }

    private static CampaignConfig Central(string privacy, int rounds) => new()
    {
        Model = "logreg", Rounds = rounds, MinParticipants = 2, MinEnrolled = 4, SampleFraction = 0.5, Privacy = privacy,
    };

    private static double Expected(PrivacyEvent e, int count) =>
        new RdpAccountant().GetGuarantee(new PrivacyLedger([.. Enumerable.Repeat(e, count)]), Delta).Epsilon;

    /// <summary>Every participant sampled for the round submits, and the round commits (a Poisson sample may be empty:
    /// that round closes by itself).</summary>
    private static async Task RunRoundAsync(GrainTestHost host, string id, int round)
    {
        var summary = await host.Round(id, round, 1).GetSummaryAsync();
        foreach (var participant in summary.Selected)
        {
            await host.Campaign(id).SubmitUpdateAsync(participant, GrainTestHost.Update(round, Logreg, 0.01f * round));
        }

        if (summary.Selected.IsEmpty)
        {
            host.Time.Advance(TimeSpan.FromMilliseconds(1)); // its deadline is now: let the manual clock fire it
        }

        await GrainTestHost.EventuallyAsync(async () => (await host.Campaign(id).GetStatusAsync())!.CompletedRounds >= round, $"round {round} commits");
    }

    private static CampaignConfig Distributed(string privacy) => new()
    {
        Model = "logreg", Rounds = 3, MinParticipants = 3, MinEnrolled = 6, SampleFraction = 0.5, Privacy = privacy,
    };

    /// <summary>The campaign "c" ended for its budget before round 1 and its ledger holds nothing.</summary>
    private static async Task AssertEndedBeforeRoundOneUnchargedAsync(GrainTestHost host)
    {
        var status = (await host.Campaign("c").GetStatusAsync())!;
        Assert.Equal(CampaignState.Completed, status.State);
        Assert.Equal(0, status.CompletedRounds);
        Assert.StartsWith(CampaignGrain.BudgetExhaustedMessage, status.Message, StringComparison.Ordinal);
        Assert.Empty(await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("c")).GetEntriesAsync());
    }
}
