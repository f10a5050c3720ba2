using Microsoft.AspNetCore.Builder;
using OrleansFed.Client.Participant;
using OrleansFed.Grains.SecProbe;
using OrleansFed.Interfaces.SecProbe;
using OrleansFed.Learning;
using OrleansFed.Learning.SecProbe;
using Xunit;

namespace OrleansFed.Client.Tests.SecProbe;

/// <summary>
/// SecProbe participants (<see cref="ParticipantNode.RunSecProbeAsync"/>) against a real silo on loopback: a campaign
/// runs to completion and learns, every node's own ε count equals the silo's ledger, a node stops at its own budget, and
/// a restarted node re-sends its kept upload instead of training a new one.
/// </summary>
public sealed class SecProbeNodeTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleansfed-secprobe-node-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        string images = Path.Combine(_directory, "val-images"), labels = Path.Combine(_directory, "val-labels");
        IdxWriter.WriteDataset(Rows(240, seed: 1), images, labels, rows: 3);
        (_app, _address) = await SiloFixture.StartSiloAsync(o =>
            o.SecProbeValidationSets["rows"] = new SecProbeValidationSetOptions { Images = images, Labels = labels, Classes = 3 });
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>3×3 images of three classes: class c is bright in row c. Multiples of 1/255, so the IDX files hold them exactly.</summary>
    private static Dataset Rows(int count, int seed)
    {
        var random = new Random(seed);
        var features = new float[count * 9];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = random.Next(3);
            for (int f = 0; f < 9; f++)
            {
                int level = f / 3 == labels[i] ? 170 + random.Next(86) : random.Next(90);
                features[(i * 9) + f] = level / 255f;
            }
        }

        return new Dataset(features, labels, 9, 3);
    }

    private static SecProbeCampaignSpec Spec(int rounds, int accept, int select, double epsilon) => new()
    {
        ValidationSet = "rows",
        Rounds = rounds,
        Accept = accept,
        Select = select,
        ParticipantEpsilon = epsilon,
        Hidden = 6,
        PretrainEpochs = 5,
        CoefficientRelease = SecProbeCampaignSpec.ClassSumsRelease,
    };

    private ParticipantNode Node(OrleansFedClient client, string campaign, string name, int seed, double? budget = null, string? stateDirectory = null) =>
        new(client, Rows(150, seed), new ParticipantNodeOptions
        {
            CampaignId = campaign,
            Name = name,
            SecProbePollInterval = TimeSpan.FromMilliseconds(20),
            SecProbeEpsilonBudget = budget,
            StateDirectory = stateDirectory,
            GiveUpAfter = TimeSpan.FromSeconds(30),
        });

    private OrleansFedClient Client() => OrleansFedClient.Create(_address);

    [Fact]
    public async Task Participants_run_a_campaign_to_completion_and_their_own_epsilon_equals_the_silo_ledger()
    {
        using var client = Client();
        var id = SiloFixture.NewCampaignId();
        // Nodes may start before the operator configures the campaign: they wait for it.
        var nodes = Enumerable.Range(0, 5).Select(i => Node(client, id, $"n{i}", seed: 10 + i)).ToArray();
        var runs = nodes.Select(n => Task.Run(() => n.RunSecProbeAsync())).ToArray();
        await Task.Delay(100);
        await client.ConfigureSecProbeAsync(id, Spec(rounds: 4, accept: 3, select: 2, epsilon: 20));
        var summaries = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(2));

        var status = await client.GetSecProbeStatusAsync(id);
        Assert.Equal(SecProbeRoundView.Completed, status.Current.Phase);
        Assert.Equal(4, status.History.Length);
        Assert.All(status.History, r => Assert.Equal((3, 2), (r.Accepted.Length, r.Selected.Distinct().Count())));
        Assert.All(status.History, r => Assert.Subset(r.Accepted.ToHashSet(), r.Selected.ToHashSet()));
        Assert.Equal(4 * 2 * 1.0, status.SelectionEpsilonSpent, 12);
        Assert.All(summaries, s => Assert.Equal("completed", s.EndReason));
        Assert.Equal(12, summaries.Sum(s => s.RoundsAccepted));
        for (int i = 0; i < nodes.Length; i++)
        {
            var accepted = status.History.Count(r => r.Accepted.Contains(summaries[i].ParticipantId));
            Assert.Equal(accepted, summaries[i].RoundsAccepted);
            var ledger = await client.GetSecProbePrivacyAsync(id, summaries[i].ParticipantId);
            Assert.Equal(20.0 * (summaries[i].RoundsAccepted + summaries[i].RoundsStopped), summaries[i].EpsilonSpent, 9);
            Assert.Equal(ledger.Epsilon, summaries[i].EpsilonSpent, 9);
        }

        // The final model learned the three classes on fresh data.
        var final = await client.DownloadSecProbeModelAsync(id);
        Assert.Equal(4, final.ModelVersion);
        var network = new SecProbeNetwork(9, 6, 3, SecProbeNetwork.UnitL1FeatureScale(6));
        Assert.True(network.Accuracy(final.Weights.Span, Rows(600, seed: 99)) > 0.9);
    }

    [Fact]
    public async Task An_operator_stop_ends_every_node_and_their_counts_still_equal_the_silo_ledger()
    {
        using var client = Client();
        var id = SiloFixture.NewCampaignId();
        await client.ConfigureSecProbeAsync(id, Spec(rounds: 10_000, accept: 2, select: 1, epsilon: 0.5));
        var runs = Enumerable.Range(0, 3).Select(i => Task.Run(() => Node(client, id, $"n{i}", seed: 20 + i).RunSecProbeAsync())).ToArray();
        while ((await client.GetSecProbeStatusAsync(id)).History.Length < 3)
        {
            await Task.Delay(10);
        }

        var stopped = await client.StopSecProbeAsync(id);
        var summaries = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(SecProbeRoundView.Stopped, stopped.Current.Phase);
        Assert.All(summaries, s => Assert.Equal(SecProbeRoundView.Stopped, s.EndReason));
        var final = await client.GetSecProbeStatusAsync(id);
        Assert.Equal(stopped.History.Length, final.History.Length);
        Assert.Equal(final.History.Length, (await client.DownloadSecProbeModelAsync(id)).ModelVersion);
        foreach (var summary in summaries)
        {
            Assert.Equal((await client.GetSecProbePrivacyAsync(id, summary.ParticipantId)).Epsilon, summary.EpsilonSpent, 9);
        }
    }

    /// <summary>Completes <see cref="ModelRequested"/> when the client asks for the global model (it does so only after a granted claim).</summary>
    private sealed class ModelRequestSignal() : DelegatingHandler(new SocketsHttpHandler())
    {
        public TaskCompletionSource ModelRequested { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/model", StringComparison.Ordinal))
            {
                ModelRequested.TrySetResult();
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task A_node_stopped_while_it_trains_gives_its_claimed_place_back()
    {
        using var admin = Client();
        var id = SiloFixture.NewCampaignId();
        // One place and a claim that would hold for ten minutes.
        await admin.ConfigureSecProbeAsync(id, Spec(rounds: 2, accept: 1, select: 1, epsilon: 1) with { Hidden = 512, PretrainEpochs = 0, ClaimTimeoutSeconds = 600 });
        var other = await admin.EnrollSecProbeAsync(id, new Interfaces.Api.EnrollRequest { Name = "other", SampleCount = 1 });
        var signal = new ModelRequestSignal();
        using var nodeClient = new OrleansFedClient(new HttpClient(signal) { BaseAddress = _address });
        using var cts = new CancellationTokenSource();
        var node = new ParticipantNode(nodeClient, Rows(3000, seed: 8), new ParticipantNodeOptions { CampaignId = id, Name = "leaving" });
        var run = Task.Run(() => node.RunSecProbeAsync(cts.Token));

        // The node holds the only place once it asks for the model; stop it while it downloads or trains.
        await signal.ModelRequested.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        // The claim was given back (it would otherwise hold for ten minutes): the other participant gets the place.
        var status = await admin.GetSecProbeStatusAsync(id);
        Assert.Equal((1, 0), (status.Current.Round, status.Current.Accepted));
        Assert.True((await admin.ClaimSecProbePlaceAsync(other, 1)).Granted);
    }

    [Fact]
    public async Task A_node_leaves_when_the_silos_cap_refuses_it_and_its_count_stays_equal_to_the_ledger()
    {
        using var client = Client();
        var id = SiloFixture.NewCampaignId();
        await client.ConfigureSecProbeAsync(id, Spec(rounds: 5, accept: 1, select: 1, epsilon: 0.4) with { ParticipantEpsilonBudget = 1.0 });

        var summary = await Node(client, id, "capped", seed: 9).RunSecProbeAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.StartsWith("budget: the silo takes no further upload", summary.EndReason);
        Assert.Equal(2, summary.RoundsAccepted);
        Assert.Equal(0.8, summary.EpsilonSpent, 12);
        Assert.Equal(0.8, (await client.GetSecProbePrivacyAsync(id, summary.ParticipantId)).Epsilon, 12);
    }

    [Fact]
    public async Task A_node_stops_uploading_before_its_own_budget_would_be_exceeded()
    {
        using var client = Client();
        var id = SiloFixture.NewCampaignId();
        // M = 1 and one node: every round waits for this node, so its budget alone decides how far the campaign gets.
        await client.ConfigureSecProbeAsync(id, Spec(rounds: 5, accept: 1, select: 1, epsilon: 0.4));

        var limited = await Node(client, id, "careful", seed: 3, budget: 1.0).RunSecProbeAsync().WaitAsync(TimeSpan.FromMinutes(2));

        // 0.4 + 0.4 = 0.8 fits 1.0, a third upload (1.2) would not.
        Assert.StartsWith("budget:", limited.EndReason);
        Assert.Equal((2, 0, 0), (limited.RoundsAccepted, limited.RoundsStopped, limited.RoundsSkipped));
        Assert.Equal(0.8, limited.EpsilonSpent, 12);
        Assert.Equal(0.8, (await client.GetSecProbePrivacyAsync(id, limited.ParticipantId)).Epsilon, 12);
        var status = await client.GetSecProbeStatusAsync(id);
        Assert.Equal(2, status.History.Length);
        Assert.Equal((3, 0), (status.Current.Round, status.Current.Accepted));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Node(client, id, "bad", seed: 5, budget: 0).RunSecProbeAsync());
    }

    /// <summary>Records the body of every SecProbe upload a client sends.</summary>
    private sealed class UploadRecorder() : DelegatingHandler(new SocketsHttpHandler())
    {
        public List<(string Path, byte[] Body)> Uploads { get; } = [];

        /// <summary>Uploads are recorded and then lost on the way (the connection fails), as to a silo that crashed
        /// after reading them.</summary>
        public bool LoseUploads { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/upload", StringComparison.Ordinal))
            {
                lock (Uploads)
                {
                    Uploads.Add((request.RequestUri.AbsolutePath, request.Content!.ReadAsByteArrayAsync(cancellationToken).Result));
                }
            }

            return LoseUploads && request.RequestUri.AbsolutePath.EndsWith("/upload", StringComparison.Ordinal)
                ? throw new HttpRequestException(HttpRequestError.ConnectionError, "connection reset (test)")
                : await base.SendAsync(request, cancellationToken);
        }
    }

    private static bool HasUpload(UploadRecorder recorder, string path)
    {
        lock (recorder.Uploads)
        {
            return recorder.Uploads.Exists(u => u.Path == path);
        }
    }

    [Fact]
    public async Task A_restarted_node_resends_its_kept_upload_instead_of_releasing_a_new_one()
    {
        using var admin = Client();
        var id = SiloFixture.NewCampaignId();
        string state = Path.Combine(_directory, "node-state");
        string round1 = $"/v1/secprobe/{id}/rounds/1/upload";
        await admin.ConfigureSecProbeAsync(id, Spec(rounds: 2, accept: 2, select: 1, epsilon: 1));

        // The node uploads round 1 and waits for a second upload that does not come; then it is stopped.
        var firstRun = new UploadRecorder();
        using (var client = new OrleansFedClient(new HttpClient(firstRun) { BaseAddress = _address }))
        using (var cts = new CancellationTokenSource())
        {
            var run = Task.Run(() => Node(client, id, "kept", seed: 6, stateDirectory: state).RunSecProbeAsync(cts.Token));
            while ((await admin.GetSecProbeStatusAsync(id)).Current.Accepted == 0)
            {
                await Task.Delay(20);
            }

            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        // Restarted with the same state directory: same identity, and round 1's kept upload is sent again byte for byte
        // (a retrained one would differ: its Laplace noise comes from the OS CSPRNG).
        var secondRun = new UploadRecorder();
        using var restartedClient = new OrleansFedClient(new HttpClient(secondRun) { BaseAddress = _address });
        var restarted = Task.Run(() => Node(restartedClient, id, "kept", seed: 6, stateDirectory: state).RunSecProbeAsync());
        // Round 1 must still be open when the restarted node looks: the second participant joins only after the re-send.
        while (!HasUpload(secondRun, round1))
        {
            Assert.False(restarted.IsCompleted, "the restarted node stopped before re-sending");
            await Task.Delay(10);
        }

        var helper = Task.Run(() => Node(admin, id, "helper", seed: 7).RunSecProbeAsync());
        var summaries = await Task.WhenAll(restarted, helper).WaitAsync(TimeSpan.FromMinutes(2));

        var sent = Assert.Single(firstRun.Uploads).Body;
        Assert.Equal(round1, firstRun.Uploads[0].Path);
        Assert.Equal(sent, Assert.Single(secondRun.Uploads, u => u.Path == round1).Body);
        var status = await admin.GetSecProbeStatusAsync(id);
        Assert.Equal("p1", summaries[0].ParticipantId);
        Assert.Equal(["p1", "p2"], status.History[0].Accepted.ToArray());
        Assert.Equal(2, summaries[0].RoundsAccepted);
        // Round 1 counted once (the silo's ledger already held it when the node restarted), round 2 once.
        Assert.Equal(2.0, summaries[0].EpsilonSpent, 12);
        Assert.Equal(2.0, (await admin.GetSecProbePrivacyAsync(id, "p1")).Epsilon, 12);
    }

    [Fact]
    public async Task A_restarted_node_counts_an_upload_the_silo_never_charged_from_its_own_account()
    {
        using var admin = Client();
        var id = SiloFixture.NewCampaignId();
        string state = Path.Combine(_directory, "node-state-lost");
        // Short claims: the stopped node's claim on round 1 lapses soon, so the others can fill the round.
        await admin.ConfigureSecProbeAsync(id, Spec(rounds: 2, accept: 2, select: 1, epsilon: 1) with { ClaimTimeoutSeconds = 2 });

        // The node's round-1 upload leaves it but never reaches the silo's ledger; the node is stopped while it retries.
        var lost = new UploadRecorder { LoseUploads = true };
        using (var client = new OrleansFedClient(new HttpClient(lost) { BaseAddress = _address }))
        using (var cts = new CancellationTokenSource())
        {
            var run = Task.Run(() => Node(client, id, "kept", seed: 6, stateDirectory: state).RunSecProbeAsync(cts.Token));
            while (!HasUpload(lost, $"/v1/secprobe/{id}/rounds/1/upload"))
            {
                Assert.False(run.IsCompleted, "the node ended before uploading");
                await Task.Delay(10);
            }

            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        Assert.Equal(0.0, (await admin.GetSecProbePrivacyAsync(id, "p1")).Epsilon);
        // Two others take round 1; the restarted node (same identity) then competes for round 2's two places.
        var helpers = new[] { Task.Run(() => Node(admin, id, "h1", seed: 7).RunSecProbeAsync()), Task.Run(() => Node(admin, id, "h2", seed: 8).RunSecProbeAsync()) };
        while ((await admin.GetSecProbeStatusAsync(id)).Current.Round < 2 && !helpers.All(h => h.IsCompleted))
        {
            await Task.Delay(20);
        }

        var restarted = await Node(admin, id, "kept", seed: 6, stateDirectory: state).RunSecProbeAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await Task.WhenAll(helpers).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal("p1", restarted.ParticipantId);
        // Its own count: the lost round-1 upload (ε₂ = 1, which the silo never saw) on top of what the silo charged it.
        var charged = (await admin.GetSecProbePrivacyAsync(id, "p1")).Epsilon;
        Assert.Equal(1.0 + charged, restarted.EpsilonSpent, 12);

        // An account that cannot be read stops the node: going on from the silo's ledger alone could under-count.
        await File.WriteAllTextAsync(Assert.Single(Directory.GetFiles(state, "*.secprobe-privacy")), "{ not json");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Node(admin, id, "kept", seed: 6, stateDirectory: state).RunSecProbeAsync());
        Assert.Contains("could under-count", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2.0, 1.0, "network settings are not usable")]   // feature scale outside (0, 1]
    [InlineData(0.25, 0.0, "training settings are not usable")]  // ε₂ = 0 would mean infinite noise scale
    public async Task A_node_refuses_to_train_with_settings_its_privacy_cannot_rest_on(double featureScale, double epsilon, string expected)
    {
        // A scripted silo that hands out a view no honest silo would.
        var view = new SecProbeRoundView("sp", SecProbeRoundView.Collecting, 1, 3, 0, 2, 9, 3, 3, featureScale, epsilon, 10, 0.05, "per-class");
        var network = new SecProbeNetwork(9, 3, 3, 0.25);
        var handler = new StubHandler((request, _) => request.Path switch
        {
            "/v1/secprobe/sp/participants" => StubHandler.Json(System.Net.HttpStatusCode.Created, new Interfaces.Api.Enrollment { ParticipantId = "p1", Token = "p1.secret" }),
            "/v1/secprobe/sp/privacy/participants/p1" => StubHandler.Json(System.Net.HttpStatusCode.OK, new SecProbePrivacySpent("p1", 0, [])),
            "/v1/secprobe/sp/round" => StubHandler.Json(System.Net.HttpStatusCode.OK, view),
            "/v1/secprobe/sp/rounds/1/claim" => StubHandler.Json(System.Net.HttpStatusCode.OK, new SecProbeClaim(true, false, 0, 120)),
            "/v1/secprobe/sp/model" => StubHandler.Bytes(Interfaces.Wire.TensorWire.EncodeModel(0, new float[network.ParameterCount]), 0),
            _ => StubHandler.Problem(System.Net.HttpStatusCode.NotFound, Interfaces.Api.ProblemTypes.NotFound, "Not found"),
        });
        using var client = new OrleansFedClient(new HttpClient(handler) { BaseAddress = new Uri("http://silo.test/") });
        var node = new ParticipantNode(client, Rows(30, seed: 1), new ParticipantNodeOptions { CampaignId = "sp", Name = "careful" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => node.RunSecProbeAsync());

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain(handler.Requests, r => r.Path.EndsWith("/upload", StringComparison.Ordinal));
    }
}
