using System.Net;
using OrleansFed.Client.Participant;
using OrleansFed.Learning;
using Xunit;

namespace OrleansFed.Client.Tests;

public sealed class ParticipantNodeTests : IDisposable
{
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "orleansfed-node-" + Guid.NewGuid().ToString("N"));
    private readonly Dataset _data = SyntheticData.Create(240, 10, 784, 10, seed: 3).Train;

    public void Dispose()
    {
        if (Directory.Exists(_stateDir))
        {
            Directory.Delete(_stateDir, recursive: true);
        }
    }

    /// <summary>The dp-sgd settings of the scripted silo's tasks in these tests.</summary>
    private static readonly Interfaces.Api.DpSgdTaskSettings DpSgdTask = new() { NoiseMultiplier = 1.1, ClipNorm = 1, Delta = 1e-5 };

    /// <summary>ε at δ = 1e-5 of <paramref name="runs"/> DP-SGD runs of the 240 local examples at batch 16 and σ = 1.1:
    /// q = 16/240 for round(240/16) = 15 steps each, as the scripted silo's dp-sgd tasks ask.</summary>
    private static double DpSgdEpsilon(int runs) => new Privacy.Accounting.RdpAccountant().GetGuarantee(
        new Privacy.Accounting.PrivacyLedger([.. Enumerable.Repeat<Privacy.Accounting.PrivacyEvent>(new Privacy.Accounting.SubsampledGaussianEvent(16.0 / 240, 1.1, 15), runs)]),
        1e-5).Epsilon;

    private ParticipantNodeOptions Options(string? stateDir = null, TimeSpan? giveUp = null, double? dpSgdBudget = null) => new()
    {
        DpSgdEpsilonBudget = dpSgdBudget,
        CampaignId = "c1",
        Name = "alice",
        StateDirectory = stateDir,
        PollWait = TimeSpan.Zero,
        ReconnectBaseDelay = TimeSpan.FromMilliseconds(1),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(5),
        GiveUpAfter = giveUp ?? TimeSpan.FromMinutes(1),
    };

    [Fact]
    public async Task Node_trains_each_round_and_stops_cleanly_when_the_campaign_ends()
    {
        var silo = new ScriptedSilo(rounds: 3);
        using var client = TestClients.Over(silo.Handler);
        var start = Model.Create(ModelSpec.Parse("logreg"), seed: 1).GetParameters();
        var progress = new List<ParticipantProgressKind>();

        var summary = await new ParticipantNode(client, _data, Options(), progress: new SyncProgress(p => progress.Add(p.Kind))).RunAsync();

        Assert.Equal(3, summary.RoundsSubmitted);
        Assert.Equal("p-1", summary.ParticipantId);
        Assert.Equal("Completed", summary.EndReason);
        Assert.Equal(0, summary.Reconnects);
        Assert.Equal([1, 2, 3], silo.Updates.Select(u => u.Round));
        Assert.All(silo.Updates, u => Assert.Equal(_data.Count, u.SampleCount));
        Assert.All(silo.Updates, u => Assert.Equal(start.Length, u.Weights.Length));
        Assert.NotEqual(start, silo.Updates[0].Weights.ToArray());
        // Training on separable blobs lowers the loss from round to round.
        Assert.True(silo.Updates[2].TrainLoss < silo.Updates[0].TrainLoss);
        Assert.Equal(ParticipantProgressKind.CampaignEnded, progress[^1]);
        Assert.Equal(3, progress.Count(k => k == ParticipantProgressKind.Submitted));
    }

    [Fact]
    public async Task Node_rides_out_an_outage_and_counts_one_reconnect()
    {
        var silo = new ScriptedSilo(rounds: 2) { FailNext = 0 };
        using var client = TestClients.Over(silo.Handler, maxRetries: 0);
        var node = new ParticipantNode(client, _data, Options(), progress: new SyncProgress(p =>
        {
            // The silo goes down right after the first upload is acknowledged.
            if (p.Kind == ParticipantProgressKind.Submitted && p.Round == 1)
            {
                silo.FailNext = 6;
            }
        }));

        var summary = await node.RunAsync();

        Assert.Equal(2, summary.RoundsSubmitted);
        Assert.Equal(1, summary.Reconnects);
        Assert.Equal(0, silo.FailNext);
    }

    [Fact]
    public async Task Node_gives_up_when_the_silo_stays_unreachable_past_the_bound()
    {
        var silo = new ScriptedSilo(rounds: 2) { FailNext = int.MaxValue };
        using var client = TestClients.Over(silo.Handler, maxRetries: 0);

        var ex = await Assert.ThrowsAsync<SiloUnreachableException>(
            () => new ParticipantNode(client, _data, Options(giveUp: TimeSpan.FromMilliseconds(200))).RunAsync());

        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Empty(silo.Updates);
    }

    [Fact]
    public async Task A_refused_upload_is_skipped_and_the_node_takes_the_next_task()
    {
        var silo = new ScriptedSilo(rounds: 3) { RefuseNextUpload = HttpStatusCode.Conflict };
        using var client = TestClients.Over(silo.Handler);

        var summary = await new ParticipantNode(client, _data, Options()).RunAsync();

        Assert.Equal(2, summary.RoundsSubmitted);
        Assert.Equal([2, 3], silo.Updates.Select(u => u.Round));
    }

    [Fact]
    public async Task A_dp_sgd_update_the_silo_refused_after_reading_it_still_counts_against_the_nodes_own_epsilon()
    {
        // Three dp-sgd tasks; the silo reads and refuses the first upload (409). Each run of the 240 local examples at
        // batch 16 is q = 16/240 for round(240/16) = 15 steps at σ = 1.1: three runs count, not the two accepted.
        var silo = new ScriptedSilo(rounds: 3)
        {
            RefuseNextUpload = HttpStatusCode.Conflict,
            DpSgd = DpSgdTask,
        };
        using var client = TestClients.Over(silo.Handler);
        var node = new ParticipantNode(client, _data, Options());

        var summary = await node.RunAsync();

        Assert.Equal(2, summary.RoundsSubmitted);
        var three = DpSgdEpsilon(runs: 3);
        Assert.Equal(three, node.PrivacySpent, 12);
    }

    [Fact]
    public async Task A_dp_sgd_run_counts_even_when_its_upload_ends_in_an_error_and_is_stored_before_the_upload()
    {
        // The silo reads the first upload and answers 400: the node stops with the error, but the run that produced
        // the update is counted — and already written to the state directory when the upload went out.
        var silo = new ScriptedSilo(rounds: 2)
        {
            RefuseNextUpload = HttpStatusCode.BadRequest,
            DpSgd = DpSgdTask,
        };
        using var client = TestClients.Over(silo.Handler);
        var node = new ParticipantNode(client, _data, Options(_stateDir));

        await Assert.ThrowsAsync<OrleansFedApiException>(() => node.RunAsync());

        Assert.Empty(silo.Updates);
        Assert.Equal(DpSgdEpsilon(runs: 1), node.PrivacySpent, 12);
        var account = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(_stateDir, "*.privacy")));
        Assert.Contains("\"steps\":15", account, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restarted_node_goes_on_counting_its_dp_sgd_runs_and_refuses_an_unreadable_account()
    {
        var settings = DpSgdTask;

        var first = new ScriptedSilo(rounds: 2) { DpSgd = settings };
        using (var client = TestClients.Over(first.Handler))
        {
            var node = new ParticipantNode(client, _data, Options(_stateDir));
            await node.RunAsync();
            Assert.Equal(DpSgdEpsilon(2), node.PrivacySpent, 12);
        }

        // Another silo that does not know the stored token: the node enrolls afresh, but its data's privacy loss so far
        // stays counted.
        var second = new ScriptedSilo(rounds: 1) { DpSgd = settings };
        using (var client = TestClients.Over(second.Handler))
        {
            var node = new ParticipantNode(client, _data, Options(_stateDir));
            await node.RunAsync();
            Assert.Equal(1, second.Enrollments); // the stored token was refused (401) and the node enrolled afresh
            Assert.Equal(DpSgdEpsilon(3), node.PrivacySpent, 12);
        }

        var account = Assert.Single(Directory.GetFiles(_stateDir, "*.privacy"));
        await File.WriteAllTextAsync(account, "{ not json");
        using (var client = TestClients.Over(new ScriptedSilo(rounds: 1) { DpSgd = settings }.Handler))
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new ParticipantNode(client, _data, Options(_stateDir)).RunAsync());
            Assert.Contains("would under-count", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_node_with_its_own_dp_sgd_budget_stops_before_the_run_that_would_exceed_it()
    {
        var budget = (DpSgdEpsilon(2) + DpSgdEpsilon(3)) / 2;
        var silo = new ScriptedSilo(rounds: 5) { DpSgd = DpSgdTask };
        using var client = TestClients.Over(silo.Handler);
        var node = new ParticipantNode(client, _data, Options(dpSgdBudget: budget));

        var summary = await node.RunAsync();

        // Two runs fit, the third would not: it is never trained, so nothing of it reaches the silo.
        Assert.Equal(2, summary.RoundsSubmitted);
        Assert.Equal([1, 2], silo.Updates.Select(u => u.Round));
        Assert.StartsWith("budget: another DP-SGD run (round 3) would take the node from ε = ", summary.EndReason, StringComparison.Ordinal);
        Assert.Equal(DpSgdEpsilon(2), node.PrivacySpent, 12);
        Assert.True(node.PrivacySpent <= budget);
        Assert.Throws<ArgumentOutOfRangeException>(() => Options(dpSgdBudget: 0).Validate());
    }

    [Fact]
    public async Task A_restarted_node_resumes_its_stored_identity_instead_of_enrolling_again()
    {
        var silo = new ScriptedSilo(rounds: 1);
        using (var client = TestClients.Over(silo.Handler))
        {
            await new ParticipantNode(client, _data, Options(_stateDir)).RunAsync();
        }

        var file = Assert.Single(Directory.GetFiles(_stateDir));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        using (var client = TestClients.Over(silo.Handler))
        {
            var summary = await new ParticipantNode(client, _data, Options(_stateDir)).RunAsync();
            Assert.Equal("p-1", summary.ParticipantId);
        }

        Assert.Equal(1, silo.Enrollments);
        Assert.All(silo.Handler.Requests.Where(r => r.Method != HttpMethod.Post), r => Assert.Equal("token-1", r.BearerToken));
    }

    [Fact]
    public async Task An_unknown_stored_token_leads_to_one_fresh_enrollment()
    {
        var silo = new ScriptedSilo(rounds: 1);
        using (var client = TestClients.Over(silo.Handler))
        {
            await new ParticipantNode(client, _data, Options(_stateDir)).RunAsync();
        }

        silo.KnownTokens.Clear(); // the silo lost its data

        using (var client = TestClients.Over(silo.Handler))
        {
            var summary = await new ParticipantNode(client, _data, Options(_stateDir)).RunAsync();
            Assert.Equal("p-2", summary.ParticipantId);
        }

        Assert.Equal(2, silo.Enrollments);
        Assert.Contains("token-2", File.ReadAllText(Assert.Single(Directory.GetFiles(_stateDir))), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_out_of_range_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new ParticipantNodeOptions { CampaignId = "c", Name = "n", PollWait = TimeSpan.FromSeconds(61) }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new ParticipantNodeOptions { CampaignId = "c", Name = "n", GiveUpAfter = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentException>(() => new ParticipantNodeOptions { CampaignId = " ", Name = "n" }.Validate());
    }

    private sealed class SyncProgress(Action<ParticipantProgress> report) : IProgress<ParticipantProgress>
    {
        public void Report(ParticipantProgress value) => report(value);
    }
}
