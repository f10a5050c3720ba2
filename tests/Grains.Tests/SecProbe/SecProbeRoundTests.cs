using Microsoft.Extensions.DependencyInjection;
using OrleansFed.Grains.Ledger;
using OrleansFed.Grains.SecProbe;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.SecProbe;
using Xunit;

namespace OrleansFed.Grains.Tests.SecProbe;

public sealed class SecProbeRoundTests
{
    /// <summary>Scores an upload by its first weight, so tests choose every utility.</summary>
    private sealed class FirstWeightValidator : ISecProbeValidator
    {
        public double Score(ReadOnlySpan<float> weights) => weights[0];
    }

    private static Task<GrainTestHost> StartAsync(string? sqlite = null) =>
        GrainTestHost.StartAsync(sqliteDirectory: sqlite, configure: s => s.AddSecProbeGrains(new FirstWeightValidator()));

    /// <summary>Uploads p1, p2, … whose first weight (their score) is the given utility.</summary>
    private static async Task UploadScoresAsync(ISecProbeRoundGrain round, params float[] scores)
    {
        for (int i = 0; i < scores.Length; i++)
        {
            await round.UploadAsync(GrainKeys.ParticipantId(i + 1), [scores[i], 0, 0]);
        }
    }

    private static SecProbeRoundSpec Spec(int m, int k, bool exponential = true, double epsilon1 = 1) =>
        new("camp", 1, m, k, epsilon1, 0.5, 0.5, exponential, [0f, 0f, 0f]);

    [Fact]
    public async Task First_M_uploads_are_accepted_and_later_participants_are_told_to_stop()
    {
        await using var host = await StartAsync();
        var round = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
        await round.OpenAsync(Spec(3, 2));

        for (int p = 1; p <= 3; p++)
        {
            var receipt = await round.UploadAsync(GrainKeys.ParticipantId(p), [0.5f, p, 0]);
            Assert.Equal(new SecProbeUploadReceipt(true, p, false), receipt);
        }

        var late = await round.UploadAsync(GrainKeys.ParticipantId(4), [0.9f, 9, 9]);
        Assert.Equal(new SecProbeUploadReceipt(false, 0, true), late);
        var status = await round.GetStatusAsync();
        Assert.Equal(SecProbeRoundStatus.Selected, status.Phase);
        Assert.Equal(3, status.Accepted);

        var result = await round.GetResultAsync();
        Assert.NotNull(result);
        Assert.Equal(["p1", "p2", "p3"], result.Accepted.ToArray());
        Assert.DoesNotContain("p4", result.Selected);
        Assert.Equal(2, result.Selected.Distinct().Count());
        Assert.Equal([0.5, 0.5, 0.5], result.Scores.ToArray());
        // The plain average of the three accepted uploads: (0.5, 2, 0).
        Assert.Equal([0.5f, 2f, 0f], result.AllAcceptedAverage);
        // The selected average is the mean of exactly the two selected uploads.
        float expected = (float)result.Selected.Select(id => (double)int.Parse(id[1..])).Average();
        Assert.Equal(expected, result.NewGlobalWeights[1], 5);
    }

    [Fact]
    public async Task Repeated_upload_returns_the_earlier_receipt_and_is_not_counted_twice()
    {
        await using var host = await StartAsync();
        var round = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
        await round.OpenAsync(Spec(2, 1));
        await round.UploadAsync("p1", [0.1f, 1, 1]);
        var again = await round.UploadAsync("p1", [0.7f, 5, 5]);
        Assert.Equal(new SecProbeUploadReceipt(true, 1, false), again);
        Assert.Equal(1, (await round.GetStatusAsync()).Accepted);
        Assert.Null(await round.GetResultAsync());
    }

    [Fact]
    public async Task Bad_uploads_are_rejected_and_change_nothing()
    {
        await using var host = await StartAsync();
        var round = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
        await Assert.ThrowsAsync<InvalidRequestException>(() => round.UploadAsync("p1", [0f, 0f, 0f]));
        await round.OpenAsync(Spec(2, 1));
        await Assert.ThrowsAsync<InvalidRequestException>(() => round.UploadAsync("p1", [0f, 0f]));
        await Assert.ThrowsAsync<InvalidRequestException>(() => round.UploadAsync("p1", [float.NaN, 0f, 0f]));
        await Assert.ThrowsAsync<InvalidRequestException>(() => round.UploadAsync("bad id!", [0f, 0f, 0f]));
        await Assert.ThrowsAsync<InvalidRequestException>(() => round.OpenAsync(Spec(2, 2) with { Select = 3 }));
        Assert.Equal(0, (await round.GetStatusAsync()).Accepted);
    }

    [Fact]
    public async Task Reopening_with_different_settings_is_refused()
    {
        await using var host = await StartAsync();
        var round = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
        await round.OpenAsync(Spec(2, 1));
        Assert.Equal(SecProbeRoundStatus.Collecting, (await round.OpenAsync(Spec(2, 1))).Phase);
        await Assert.ThrowsAsync<InvalidRequestException>(() => round.OpenAsync(Spec(3, 1)));
        await Assert.ThrowsAsync<InvalidRequestException>(() => round.OpenAsync(Spec(2, 1) with { GlobalWeights = [1f, 0f, 0f] }));
    }

    [Fact]
    public async Task A_strong_selection_budget_picks_the_high_utility_uploads()
    {
        await using var host = await StartAsync();
        var round = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
        // ε₁ = 200, Δu = ½: a utility gap of 0.5 weighs e^-100 — the two good uploads are chosen with certainty.
        await round.OpenAsync(Spec(4, 2, epsilon1: 200));
        await UploadScoresAsync(round, 0.1f, 0.9f, 0.2f, 0.8f);
        var result = await round.GetResultAsync();
        Assert.Equal(["p2", "p4"], result!.Selected.Order());
        Assert.Equal(0.85f, result.NewGlobalWeights[0], 5);
    }

    [Fact]
    public async Task With_average_from_set_the_silo_keeps_its_values_below_it_whatever_is_uploaded()
    {
        await using var host = await StartAsync();
        var round = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
        await round.OpenAsync(Spec(2, 2) with { GlobalWeights = [0f, 7f, 0f], AverageFrom = 2 });
        await round.UploadAsync("p1", [0.2f, 1f, 4f]);
        await round.UploadAsync("p2", [0.4f, 0.5f, 6f]);
        var result = await round.GetResultAsync();
        Assert.Equal([0f, 7f, 5f], result!.NewGlobalWeights);
        Assert.Equal([0f, 7f, 5f], result.AllAcceptedAverage);
        await Assert.ThrowsAsync<InvalidRequestException>(() =>
            host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 2)).OpenAsync(Spec(2, 1) with { AverageFrom = 3 }));
    }

    [Fact]
    public async Task Selection_and_participant_budgets_are_recorded_in_the_ledgers()
    {
        await using var host = await StartAsync();
        var round = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
        await round.OpenAsync(Spec(2, 2, epsilon1: 0.25));
        await round.UploadAsync("p1", [0.1f, 0, 0]);
        // An accepted upload is charged at once, before (and whether or not) the round selects; the selection is not yet.
        var p1 = host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger("camp", "p1"));
        Assert.Equal(0.5, await p1.GetEpsilonAsync("composition", 0), 12);
        Assert.Empty(await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("camp")).GetEntriesAsync());
        await round.UploadAsync("p1", [0.1f, 0, 0]);
        Assert.Single(await p1.GetEntriesAsync());
        await round.UploadAsync("p2", [0.3f, 0, 0]);
        double campaign = await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("camp")).GetEpsilonAsync("composition", 0);
        double participant = await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger("camp", "p2")).GetEpsilonAsync("composition", 0);
        double outsider = await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger("camp", "p3")).GetEpsilonAsync("composition", 0);
        Assert.Equal(0.5, campaign, 12);
        Assert.Equal(0.5, participant, 12);
        Assert.Equal(0, outsider);
    }

    [Fact]
    public async Task A_joint_selection_records_k_epsilon1_once_and_picks_the_high_utility_set()
    {
        await using var host = await StartAsync();
        var round = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
        // Kε₁ = 200 on the set, Δu = ½: each upload is weighed by e^(200u); the best pair wins with certainty.
        await round.OpenAsync(Spec(4, 2, epsilon1: 100) with { JointSelection = true });
        await UploadScoresAsync(round, 0.1f, 0.9f, 0.2f, 0.8f);
        var result = await round.GetResultAsync();
        Assert.Equal(["p2", "p4"], result!.Selected.Order());
        var ledger = host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("camp"));
        Assert.Equal(200, await ledger.GetEpsilonAsync("composition", 0), 9);
    }

    [Fact]
    public async Task A_joint_selection_without_the_exponential_mechanism_is_refused()
    {
        await using var host = await StartAsync();
        var round = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
        await Assert.ThrowsAsync<InvalidRequestException>(() => round.OpenAsync(Spec(2, 1, exponential: false) with { JointSelection = true }));
        await round.OpenAsync(Spec(2, 1));
        await Assert.ThrowsAsync<InvalidRequestException>(() => round.OpenAsync(Spec(2, 1) with { JointSelection = true }));
    }

    [Fact]
    public async Task A_selected_round_survives_a_silo_restart()
    {
        var directory = Directory.CreateTempSubdirectory("secprobe-grain-");
        try
        {
            SecProbeRoundResult? before;
            await using (var host = await StartAsync(directory.FullName))
            {
                var round = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
                await round.OpenAsync(Spec(2, 1));
                await round.UploadAsync("p1", [0.1f, 1, 2]);
                await round.UploadAsync("p2", [0.3f, 3, 4]);
                before = await round.GetResultAsync();
            }

            await using (var host = await StartAsync(directory.FullName))
            {
                var round = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
                var after = await round.GetResultAsync();
                Assert.NotNull(after);
                Assert.Equal(before!.Selected.ToArray(), after.Selected.ToArray());
                Assert.Equal(before.NewGlobalWeights, after.NewGlobalWeights);
                Assert.Equal(new SecProbeUploadReceipt(false, 0, true), await round.UploadAsync("p3", [0f, 0, 0]));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Claims_hold_places_until_they_lapse_and_an_upload_without_one_cannot_take_a_claimed_place()
    {
        await using var host = await StartAsync();
        var round = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
        await round.OpenAsync(Spec(2, 1) with { ClaimTimeout = TimeSpan.FromSeconds(60) });

        Assert.Equal(new SecProbeClaim(true, false, 0, 60), await round.ClaimAsync("p1"));
        Assert.Equal(new SecProbeClaim(true, false, 0, 60), await round.ClaimAsync("p2"));
        host.Time.Advance(TimeSpan.FromSeconds(10));
        // Both places are claimed: p3 is told when the earliest claim lapses; a repeated claim keeps its expiry.
        Assert.Equal(new SecProbeClaim(false, false, 50, 0), await round.ClaimAsync("p3"));
        Assert.Equal(new SecProbeClaim(true, false, 0, 50), await round.ClaimAsync("p1"));
        Assert.Equal(new SecProbeUploadReceipt(false, 0, true), await round.UploadAsync("p3", [0.9f, 0, 0]));

        // p1 uploads; p2's claim lapses, so its place goes to p3, who claims it and uploads; the round is full.
        Assert.Equal(new SecProbeUploadReceipt(true, 1, false), await round.UploadAsync("p1", [0.5f, 0, 0]));
        Assert.Equal(new SecProbeClaim(true, false, 0, 0), await round.ClaimAsync("p1"));
        host.Time.Advance(TimeSpan.FromSeconds(51));
        Assert.Equal(new SecProbeClaim(true, false, 0, 60), await round.ClaimAsync("p3"));
        Assert.Equal(new SecProbeUploadReceipt(false, 0, true), await round.UploadAsync("p2", [0.1f, 0, 0]));
        Assert.Equal(new SecProbeUploadReceipt(true, 2, false), await round.UploadAsync("p3", [0.7f, 0, 0]));
        Assert.Equal(new SecProbeClaim(false, true, 0, 0), await round.ClaimAsync("p4"));
        Assert.Equal(["p1", "p3"], (await round.GetResultAsync())!.Accepted.ToArray());
    }

    [Fact]
    public async Task A_granted_claim_survives_a_silo_restart_and_a_release_is_durable_too()
    {
        using var directory = new SqliteTestDirectory("secprobe-claims-");
        await using (var host = await StartAsync(directory))
        {
            // Round 1 (one place): p1's claim is the last thing it stores. Round 2 (two places): p2 gives its place back.
            var one = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
            await one.OpenAsync(Spec(1, 1) with { ClaimTimeout = TimeSpan.FromSeconds(60) });
            Assert.True((await one.ClaimAsync("p1")).Granted);
            var two = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 2));
            await two.OpenAsync(Spec(2, 1) with { ClaimTimeout = TimeSpan.FromSeconds(60) });
            Assert.True((await two.ClaimAsync("p1")).Granted);
            Assert.True((await two.ClaimAsync("p2")).Granted);
            await two.ReleaseClaimAsync("p2");
        }

        await using (var host = await StartAsync(directory))
        {
            // The new clock starts at the same instant: every kept claim has its 60 s left.
            var one = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
            Assert.Equal(new SecProbeClaim(false, false, 60, 0), await one.ClaimAsync("p3"));
            Assert.Equal(new SecProbeUploadReceipt(false, 0, true), await one.UploadAsync("p3", [0.9f, 0, 0]));
            Assert.Equal(new SecProbeUploadReceipt(true, 1, false), await one.UploadAsync("p1", [0.5f, 0, 0]));

            var two = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 2));
            Assert.Equal(new SecProbeClaim(true, false, 0, 60), await two.ClaimAsync("p3"));
            Assert.Equal(new SecProbeClaim(false, false, 60, 0), await two.ClaimAsync("p4"));
        }
    }

    [Fact]
    public async Task A_released_claim_frees_its_place_at_once()
    {
        await using var host = await StartAsync();
        var round = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
        await round.OpenAsync(Spec(1, 1) with { ClaimTimeout = TimeSpan.FromSeconds(60) });
        Assert.True((await round.ClaimAsync("p1")).Granted);
        Assert.False((await round.ClaimAsync("p2")).Granted);
        await round.ReleaseClaimAsync("p1");
        await round.ReleaseClaimAsync("p9");
        Assert.True((await round.ClaimAsync("p2")).Granted);
        Assert.Equal(new SecProbeUploadReceipt(false, 0, true), await round.UploadAsync("p1", [0.5f, 0, 0]));
    }

    [Fact]
    public async Task A_round_without_a_claim_timeout_takes_no_claims()
    {
        await using var host = await StartAsync();
        var round = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
        await Assert.ThrowsAsync<InvalidRequestException>(() => round.ClaimAsync("p1"));
        await round.OpenAsync(Spec(2, 1));
        await Assert.ThrowsAsync<InvalidRequestException>(() => round.ClaimAsync("p1"));
        await Assert.ThrowsAsync<InvalidRequestException>(() =>
            host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 2)).OpenAsync(Spec(2, 1) with { ClaimTimeout = TimeSpan.FromSeconds(-1) }));
    }

    [Fact]
    public async Task Each_upload_is_stored_on_its_own_until_the_selection_and_cleared_after_it()
    {
        await using var host = await StartAsync();
        var round = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round("camp", 1));
        await round.OpenAsync(Spec(2, 2));
        string roundKey = SecProbeKeys.Round("camp", 1);
        await round.UploadAsync("p1", [0.25f, 1, 2]);
        var stored = await host.Grains.GetGrain<ISecProbeUploadGrain>(SecProbeKeys.Upload(roundKey, "p1")).GetAsync();
        Assert.Equal(new[] { 0.25f, 1, 2 }, stored);

        await round.UploadAsync("p2", [0.75f, 3, 4]);
        var result = await round.GetResultAsync();
        Assert.Equal(new[] { 0.5f, 2, 3 }, result!.AllAcceptedAverage);
        foreach (var p in new[] { "p1", "p2" })
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => host.Grains.GetGrain<ISecProbeUploadGrain>(SecProbeKeys.Upload(roundKey, p)).GetAsync());
        }
    }
}
