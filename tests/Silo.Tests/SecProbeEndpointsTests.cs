using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansFed.Grains.SecProbe;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.SecProbe;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Silo.Hosting;

namespace OrleansFed.Silo.Tests;

/// <summary>
/// SecProbe over HTTP: the operator configures a campaign on a named validation set, participants enroll in it, read the
/// round, download the weights and upload; the first M are accepted, the rest told to stop; bad input is problem+json
/// and changes nothing; a SQLite silo resumes a campaign after a restart.
/// </summary>
public sealed class SecProbeEndpointsTests : SecProbeSiloTestBase
{
    [Fact]
    public async Task A_campaign_accepts_the_first_M_stops_the_rest_averages_the_selection_and_charges_every_ledger()
    {
        Assert.Equal(HttpStatusCode.OK, (await ConfigureAsync(Spec())).StatusCode);
        var p = new[] { await EnrollAsync(_silo, "a"), await EnrollAsync(_silo, "b"), await EnrollAsync(_silo, "c") };
        Assert.Equal(["p1", "p2", "p3"], p.Select(e => e.ParticipantId).ToArray());

        var view = await GetJsonAsync<SecProbeRoundView>(_silo, $"/v1/secprobe/{Id}/round", p[0].Token);
        Assert.Equal(new SecProbeRoundView(Id, SecProbeRoundView.Collecting, 1, 2, 0, 2, 16, Hidden, 3, 0.2, 0.5, 10, 0.05, "per-class"), view);
        var global = await ModelAsync(_silo, p[0].Token);
        Assert.Equal(0, global.ModelVersion);
        Assert.Equal(ParameterCount, global.Weights.Length);

        // Round 1: p1 and p2 are the first M = 2; p1's retry gets its first receipt; p3 arrives after the round is full.
        var first = Marked(global, 1f);
        var second = Marked(global, 2f);
        Assert.Equal(new SecProbeUploadReceipt(true, 1, false), await AcceptedUploadAsync(_silo, p[0].Token, 1, first));
        Assert.Equal(new SecProbeUploadReceipt(true, 1, false), await AcceptedUploadAsync(_silo, p[0].Token, 1, second));
        Assert.Equal(new SecProbeUploadReceipt(true, 2, false), await AcceptedUploadAsync(_silo, p[1].Token, 1, second));
        Assert.Equal(new SecProbeUploadReceipt(false, 0, true), await AcceptedUploadAsync(_silo, p[2].Token, 1, first));

        var afterOne = await GetJsonAsync<SecProbeCampaignStatus>(_silo, $"/v1/secprobe/{Id}/status", AdminToken);
        var selected = Assert.Single(afterOne.History).Selected;
        Assert.Equal(["p1", "p2"], afterOne.History[0].Accepted.ToArray());
        var model = await ModelAsync(_silo, p[2].Token);
        Assert.Equal(1, model.ModelVersion);
        // K = 1: the new model is exactly the selected upload.
        Assert.Equal(Assert.Single(selected) == "p1" ? first : second, model.Weights.ToArray());
        Assert.Equal((2, 0), (afterOne.Current.Round, afterOne.Current.Accepted));

        // Round 2 from the new model; then the campaign completes and later uploads are told to stop.
        Assert.True((await AcceptedUploadAsync(_silo, p[2].Token, 2, Marked(model, 3f))).Accepted);
        Assert.True((await AcceptedUploadAsync(_silo, p[0].Token, 2, Marked(model, 4f))).Accepted);
        var done = await GetJsonAsync<SecProbeRoundView>(_silo, $"/v1/secprobe/{Id}/round", p[1].Token);
        Assert.Equal((SecProbeRoundView.Completed, 2), (done.Phase, done.Round));
        Assert.Equal(2, (await ModelAsync(_silo, AdminToken)).ModelVersion);
        Assert.Equal(new SecProbeUploadReceipt(false, 0, true), await AcceptedUploadAsync(_silo, p[1].Token, 2, Marked(model, 5f)));
        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Post, $"/v1/secprobe/{Id}/participants", null,
            JsonContent.Create(new EnrollRequest { Name = "late", SampleCount = 5 }, options: RunningSilo.Json)), HttpStatusCode.Gone, ProblemTypes.CampaignEnded);

        // Ledgers: K·ε₁ = 1 per round for the selection; ε₂ = 0.5 for every upload the silo received, accepted or stopped.
        var status = await GetJsonAsync<SecProbeCampaignStatus>(_silo, $"/v1/secprobe/{Id}/status", AdminToken);
        Assert.Equal(2, status.History.Length);
        Assert.Equal(2.0, status.SelectionEpsilonSpent, 12);
        AssertSpent("campaign", 2.0, [1, 2], await GetJsonAsync<SecProbePrivacySpent>(_silo, $"/v1/secprobe/{Id}/privacy", AdminToken));
        AssertSpent("p1", 1.0, [1, 2], await GetJsonAsync<SecProbePrivacySpent>(_silo, $"/v1/secprobe/{Id}/privacy/participants/p1", p[0].Token));
        AssertSpent("p2", 1.0, [1, 2], await GetJsonAsync<SecProbePrivacySpent>(_silo, $"/v1/secprobe/{Id}/privacy/participants/p2", AdminToken));
        AssertSpent("p3", 1.0, [1, 2], await GetJsonAsync<SecProbePrivacySpent>(_silo, $"/v1/secprobe/{Id}/privacy/participants/p3", p[2].Token));
    }

    [Fact]
    public async Task Rounds_acceptances_stops_and_refused_claims_are_counted_and_no_token_or_weight_reaches_the_logs()
    {
        await _silo.DisposeAsync();
        using var capture = new TelemetryCapture();
        _silo = await RunningSilo.StartAsync(
            o =>
            {
                o.Storage = StorageKind.Memory;
                o.SecProbeValidationSets["blobs"] = new SecProbeValidationSetOptions { Images = Images, Labels = Labels, Classes = 3 };
            },
            b => b.Logging.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
        var meterFactory = _silo.App.Services.GetRequiredService<IMeterFactory>();
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Name.StartsWith("orleansfed-", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name;
            foreach (var tag in tags)
            {
                key += ":" + tag.Value;
            }

            lock (counts)
            {
                counts[key] = counts.GetValueOrDefault(key) + value;
            }
        });
        listener.Start();

        Assert.Equal(HttpStatusCode.OK, (await ConfigureAsync(Spec(rounds: 1, accept: 2))).StatusCode);
        var p = new[] { await EnrollAsync(_silo, "a"), await EnrollAsync(_silo, "b"), await EnrollAsync(_silo, "c") };
        string claim = $"/v1/secprobe/{Id}/rounds/1/claim";
        foreach (var e in p)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(_silo, HttpMethod.Post, claim, e.Token)).StatusCode);
        }

        var global = await ModelAsync(_silo, p[0].Token);
        var weights = Marked(global, 0.123456f);
        await AcceptedUploadAsync(_silo, p[0].Token, 1, weights);
        await AcceptedUploadAsync(_silo, p[0].Token, 1, weights);
        await AcceptedUploadAsync(_silo, p[1].Token, 1, weights);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(_silo, HttpMethod.Post, claim, p[2].Token)).StatusCode);
        Assert.True((await AcceptedUploadAsync(_silo, p[2].Token, 1, weights)).Stop);

        lock (counts)
        {
            Assert.Equal(2, counts.GetValueOrDefault("orleansfed-updates-accepted:secprobe"));
            Assert.Equal(1, counts.GetValueOrDefault("orleansfed-rounds-completed:secprobe"));
            Assert.Equal(1, counts.GetValueOrDefault("orleansfed-secprobe-claims-refused:wait"));
            Assert.Equal(1, counts.GetValueOrDefault("orleansfed-secprobe-claims-refused:stop"));
            Assert.Equal(1, counts.GetValueOrDefault("orleansfed-secprobe-uploads-stopped"));
            Assert.Equal(1, counts.GetValueOrDefault("orleansfed-campaigns-ended:Completed"));
        }

        var logs = Encoding.UTF8.GetString(capture.Bytes());
        Assert.Contains("SecProbe campaign sp-http finished round 1: selected 1 of 2 accepted; campaign completed", logs);
        Assert.Contains("the upload of p3 arrived after the round was full", logs);
        Assert.All(p, e => Assert.DoesNotContain(e.Token, logs, StringComparison.Ordinal));
        Assert.DoesNotContain("0.123456", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_configurations_are_problems_that_create_nothing()
    {
        await Problems.AssertAsync(await ConfigureAsync(Spec(), token: null), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        var unknown = await Problems.AssertAsync(await ConfigureAsync(Spec() with { ValidationSet = "mnist" }), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Contains("this silo has: blobs", unknown.GetProperty("detail").GetString());
        var invalid = await Problems.AssertAsync(
            await ConfigureAsync(Spec(rounds: 0, accept: 2, select: 3) with { ParticipantEpsilon = 0, SelectionMechanism = "best", Hidden = 0 }),
            HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        string detail = invalid.GetProperty("detail").GetString()!;
        foreach (var rule in new[] { "rounds must be between 1", "select (K) must be between 1 and 2", "participantEpsilon", "selectionMechanism", "hidden must be between 1" })
        {
            Assert.Contains(rule, detail);
        }

        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Put, $"/v1/secprobe/{Id}", AdminToken,
            new StringContent("{\"rounds\":", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        await Problems.AssertAsync(await ConfigureAsync(Spec(), id: "Bad_Id"), HttpStatusCode.NotFound, ProblemTypes.NotFound);

        // Nothing was created: no status, no enrollment.
        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Get, $"/v1/secprobe/{Id}/status", AdminToken), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Post, $"/v1/secprobe/{Id}/participants", null,
            JsonContent.Create(new EnrollRequest { Name = "a", SampleCount = 5 }, options: RunningSilo.Json)), HttpStatusCode.NotFound, ProblemTypes.NotFound);

        // Configuring is idempotent for an equal spec only.
        Assert.Equal(HttpStatusCode.OK, (await ConfigureAsync(Spec())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ConfigureAsync(Spec())).StatusCode);
        await Problems.AssertAsync(await ConfigureAsync(Spec(rounds: 3)), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Equal(2, (await GetJsonAsync<SecProbeCampaignStatus>(_silo, $"/v1/secprobe/{Id}/status", AdminToken)).Spec.Rounds);
    }

    [Fact]
    public async Task Bad_uploads_and_foreign_tokens_are_problems_that_change_nothing()
    {
        Assert.Equal(HttpStatusCode.OK, (await ConfigureAsync(Spec())).StatusCode);
        var p1 = await EnrollAsync(_silo, "a");
        var p2 = await EnrollAsync(_silo, "b");
        var global = await ModelAsync(_silo, p1.Token);
        var good = global.Weights.ToArray();
        var nan = (float[])good.Clone();
        nan[7] = float.NaN;

        await Problems.AssertAsync(await UploadAsync(_silo, "not-a-token", 1, TensorWire.EncodeModel(0, good)), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        await Problems.AssertAsync(await UploadAsync(_silo, AdminToken, 1, TensorWire.EncodeModel(0, good)), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        await Problems.AssertAsync(await UploadAsync(_silo, p1.Token, 1, TensorWire.EncodeModel(0, good), "application/json"), HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
        await Problems.AssertAsync(await UploadAsync(_silo, p1.Token, 1, TensorWire.EncodeModel(0, good[..80])), HttpStatusCode.BadRequest, ProblemTypes.WrongLength);
        await Problems.AssertAsync(await UploadAsync(_silo, p1.Token, 1, TensorWire.EncodeModel(0, nan)), HttpStatusCode.BadRequest, ProblemTypes.NonFinite);
        var stale = await Problems.AssertAsync(await UploadAsync(_silo, p1.Token, 1, TensorWire.EncodeModel(1, good)), HttpStatusCode.BadRequest, ProblemTypes.MalformedBody);
        Assert.Contains("trained from version 0", stale.GetProperty("detail").GetString());
        await Problems.AssertAsync(await UploadAsync(_silo, p1.Token, 1, [1, 2, 3, 4, 5]), HttpStatusCode.BadRequest, ProblemTypes.MalformedBody);
        await Problems.AssertAsync(await UploadAsync(_silo, p1.Token, 2, TensorWire.EncodeModel(1, good)), HttpStatusCode.Conflict, ProblemTypes.RoundClosed);
        await Problems.AssertAsync(await UploadAsync(_silo, p1.Token, 9, TensorWire.EncodeModel(8, good)), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);

        // Only the operator reads the status and the campaign ledger; a participant reads only its own ledger.
        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Get, $"/v1/secprobe/{Id}/status", p1.Token), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Get, $"/v1/secprobe/{Id}/privacy", p1.Token), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Get, $"/v1/secprobe/{Id}/privacy/participants/p2", p1.Token), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Get, $"/v1/secprobe/{Id}/round", null), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);

        // A SecProbe token is not a token of an ordinary campaign of the same id, nor of another SecProbe campaign.
        var ordinary = await SendAsync(_silo, HttpMethod.Post, "/v1/campaigns", AdminToken,
            JsonContent.Create(new { id = Id, model = "logreg", rounds = 1, minEnrolled = 5 }, options: RunningSilo.Json));
        Assert.Equal(HttpStatusCode.Created, ordinary.StatusCode);
        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Get, $"/v1/campaigns/{Id}/model", p1.Token), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await ConfigureAsync(Spec(), id: "sp-other")).StatusCode);
        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Get, "/v1/secprobe/sp-other/round", p1.Token), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);

        // The operator lists both SecProbe campaigns (not the ordinary one); a participant may not.
        var listed = await GetJsonAsync<SecProbeCampaignStatus[]>(_silo, "/v1/secprobe", AdminToken);
        Assert.Equal([Id, "sp-other"], listed.Select(c => c.Current.CampaignId).ToArray());
        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Get, "/v1/secprobe", p1.Token), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);

        // None of it counted: the round holds no upload and no ledger was charged.
        var status = await GetJsonAsync<SecProbeCampaignStatus>(_silo, $"/v1/secprobe/{Id}/status", AdminToken);
        Assert.Equal((1, 0), (status.Current.Round, status.Current.Accepted));
        AssertSpent("p1", 0, [], await GetJsonAsync<SecProbePrivacySpent>(_silo, $"/v1/secprobe/{Id}/privacy/participants/p1", p1.Token));
        Assert.Equal(new SecProbeUploadReceipt(true, 1, false), await AcceptedUploadAsync(_silo, p2.Token, 1, good));
    }

    [Fact]
    public async Task Once_a_round_has_selected_no_individual_upload_is_left_in_the_silos_grain_state()
    {
        await _silo.DisposeAsync();
        _silo = await StartAsync(StorageKind.Sqlite);
        var directory = new DirectoryInfo(Path.Combine(_directory, "silo"));
        Assert.Equal(HttpStatusCode.OK, (await ConfigureAsync(Spec(rounds: 2, accept: 2, select: 2))).StatusCode);
        var p1 = await EnrollAsync(_silo, "a");
        var p2 = await EnrollAsync(_silo, "b");
        var random = new Random(11);
        float[] Distinct() => Enumerable.Range(0, ParameterCount).Select(_ => (float)random.NextDouble()).ToArray();
        var first = Distinct();
        var second = Distinct();

        // While round 1 collects, p1's upload is stored, and the scan finds it there.
        Assert.True((await AcceptedUploadAsync(_silo, p1.Token, 1, first)).Accepted);
        Assert.True(LeakScan.IsInCurrentState(directory, first));

        // The selection (K = M = 2) keeps only the average: no state row holds either upload, in raw, base64 or text
        // form. (Their deleted rows' bytes can linger in SQLite's free pages and WAL until overwritten; SecProbe's
        // uploads are ε₂-DP releases, not values the protocol hides, so the storage is not securely erased.)
        Assert.True((await AcceptedUploadAsync(_silo, p2.Token, 1, second)).Accepted);
        var model = (await ModelAsync(_silo, p1.Token)).Weights.ToArray();
        Assert.Equal(2, (await GetJsonAsync<SecProbeRoundView>(_silo, $"/v1/secprobe/{Id}/round", p1.Token)).Round);
        Assert.True(LeakScan.IsInCurrentState(directory, model));
        Assert.False(LeakScan.IsInCurrentState(directory, first));
        Assert.False(LeakScan.IsInCurrentState(directory, second));
    }

    [Fact]
    public async Task A_restarted_sqlite_silo_resumes_the_campaign_with_its_uploads_and_identities()
    {
        await _silo.DisposeAsync();
        _silo = await StartAsync(StorageKind.Sqlite);
        Assert.Equal(HttpStatusCode.OK, (await ConfigureAsync(Spec())).StatusCode);
        var p1 = await EnrollAsync(_silo, "a");
        var p2 = await EnrollAsync(_silo, "b");
        var global = await ModelAsync(_silo, p1.Token);
        var first = Marked(global, 1f);
        Assert.Equal(new SecProbeUploadReceipt(true, 1, false), await AcceptedUploadAsync(_silo, p1.Token, 1, first));

        await _silo.DisposeAsync();
        _silo = await StartAsync(StorageKind.Sqlite);
        Assert.Equal(global.Weights.ToArray(), (await ModelAsync(_silo, p2.Token)).Weights.ToArray());
        Assert.Equal(1, (await GetJsonAsync<SecProbeRoundView>(_silo, $"/v1/secprobe/{Id}/round", p2.Token)).Accepted);
        Assert.Equal(new SecProbeUploadReceipt(true, 1, false), await AcceptedUploadAsync(_silo, p1.Token, 1, Marked(global, 9f)));
        Assert.Equal(new SecProbeUploadReceipt(true, 2, false), await AcceptedUploadAsync(_silo, p2.Token, 1, first));

        // Both uploads equal first, so whichever is selected, the new model is first.
        var model = await ModelAsync(_silo, p1.Token);
        Assert.Equal(1, model.ModelVersion);
        Assert.Equal(first, model.Weights.ToArray());
        Assert.Equal(2, (await GetJsonAsync<SecProbeRoundView>(_silo, $"/v1/secprobe/{Id}/round", p1.Token)).Round);
    }
}
