using System.Net;
using System.Net.Http.Json;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.SecProbe;
using OrleansFed.Interfaces.Wire;

namespace OrleansFed.Silo.Tests;

/// <summary>
/// SecProbe rounds under the participants' and the operator's control over HTTP: the round long poll, claims and their
/// release, an operator stop, and the silo's per-participant ε cap.
/// </summary>
public sealed class SecProbeRoundControlTests : SecProbeSiloTestBase
{
    [Fact]
    public async Task A_long_poll_for_the_round_answers_once_the_campaign_has_moved_past_it()
    {
        Assert.Equal(HttpStatusCode.OK, (await ConfigureAsync(Spec(rounds: 2, accept: 1))).StatusCode);
        var p1 = await EnrollAsync(_silo, "a");
        string round = $"/v1/secprobe/{Id}/round";

        // Already past round 0: at once. Still in round 1 and a one-second wait: the unchanged view after the wait.
        Assert.Equal(1, (await GetJsonAsync<SecProbeRoundView>(_silo, round + "?afterRound=0&waitSeconds=30", p1.Token)).Round);
        Assert.Equal(1, (await GetJsonAsync<SecProbeRoundView>(_silo, round + "?afterRound=1&waitSeconds=1", p1.Token)).Round);

        // A pending poll for "after round 1" is answered with round 2 once the upload completes round 1.
        var pending = GetJsonAsync<SecProbeRoundView>(_silo, round + "?afterRound=1&waitSeconds=60", p1.Token);
        await Task.Delay(100);
        Assert.False(pending.IsCompleted);
        var global = await ModelAsync(_silo, p1.Token);
        Assert.True((await AcceptedUploadAsync(_silo, p1.Token, 1, global.Weights.ToArray())).Accepted);
        Assert.Equal((SecProbeRoundView.Collecting, 2), ((await pending).Phase, (await pending).Round));

        // The last round's end answers a poll for it with the completed view.
        var last = GetJsonAsync<SecProbeRoundView>(_silo, round + "?afterRound=2&waitSeconds=60", p1.Token);
        Assert.True((await AcceptedUploadAsync(_silo, p1.Token, 2, (await ModelAsync(_silo, p1.Token)).Weights.ToArray())).Accepted);
        Assert.Equal(SecProbeRoundView.Completed, (await last).Phase);

        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Get, round + "?afterRound=1&waitSeconds=61", p1.Token), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Get, round + "?afterRound=-1", p1.Token), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
    }

    [Fact]
    public async Task Claimed_places_keep_later_participants_from_training_for_a_full_round()
    {
        Assert.Equal(HttpStatusCode.OK, (await ConfigureAsync(Spec(rounds: 2, accept: 1))).StatusCode);
        var p1 = await EnrollAsync(_silo, "a");
        var p2 = await EnrollAsync(_silo, "b");
        string claim = $"/v1/secprobe/{Id}/rounds/1/claim";

        var granted = await (await SendAsync(_silo, HttpMethod.Post, claim, p1.Token)).Content.ReadFromJsonAsync<SecProbeClaim>(RunningSilo.Json);
        Assert.Equal(new SecProbeClaim(true, false, 0, SecProbeCampaignSpec.DefaultClaimTimeoutSeconds), granted);
        var refused = (await (await SendAsync(_silo, HttpMethod.Post, claim, p2.Token)).Content.ReadFromJsonAsync<SecProbeClaim>(RunningSilo.Json))!;
        Assert.False(refused.Granted || refused.Stop);
        Assert.InRange(refused.RetryAfterSeconds, 1, SecProbeCampaignSpec.DefaultClaimTimeoutSeconds);
        // p2 uploads anyway: the only place is p1's, so p2 is told to stop (and charged, since its upload reached the silo).
        var global = await ModelAsync(_silo, p2.Token);
        Assert.Equal(new SecProbeUploadReceipt(false, 0, true), await AcceptedUploadAsync(_silo, p2.Token, 1, global.Weights.ToArray()));
        Assert.Equal(new SecProbeUploadReceipt(true, 1, false), await AcceptedUploadAsync(_silo, p1.Token, 1, global.Weights.ToArray()));
        var stop = await (await SendAsync(_silo, HttpMethod.Post, claim, p2.Token)).Content.ReadFromJsonAsync<SecProbeClaim>(RunningSilo.Json);
        Assert.Equal(new SecProbeClaim(false, true, 0, 0), stop);

        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Post, claim, null), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Post, $"/v1/secprobe/{Id}/rounds/3/claim", p1.Token), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(_silo, HttpMethod.Post, $"/v1/secprobe/{Id}/rounds/2/claim", p2.Token)).StatusCode);

        // Giving the round-2 place back lets p1 claim it.
        Assert.False((await (await SendAsync(_silo, HttpMethod.Post, $"/v1/secprobe/{Id}/rounds/2/claim", p1.Token)).Content.ReadFromJsonAsync<SecProbeClaim>(RunningSilo.Json))!.Granted);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(_silo, HttpMethod.Delete, $"/v1/secprobe/{Id}/rounds/2/claim", p2.Token)).StatusCode);
        Assert.True((await (await SendAsync(_silo, HttpMethod.Post, $"/v1/secprobe/{Id}/rounds/2/claim", p1.Token)).Content.ReadFromJsonAsync<SecProbeClaim>(RunningSilo.Json))!.Granted);
        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Delete, $"/v1/secprobe/{Id}/rounds/2/claim", null), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
    }

    [Fact]
    public async Task An_operator_stop_closes_the_round_unselected_keeps_the_model_and_ends_enrollment()
    {
        Assert.Equal(HttpStatusCode.OK, (await ConfigureAsync(Spec(rounds: 3, accept: 2))).StatusCode);
        var p1 = await EnrollAsync(_silo, "a");
        var p2 = await EnrollAsync(_silo, "b");
        var global = await ModelAsync(_silo, p1.Token);
        Assert.Equal(new SecProbeUploadReceipt(true, 1, false), await AcceptedUploadAsync(_silo, p1.Token, 1, Marked(global, 1f)));

        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Post, $"/v1/secprobe/{Id}/stop", p1.Token), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        var stopped = await (await SendAsync(_silo, HttpMethod.Post, $"/v1/secprobe/{Id}/stop", AdminToken)).Content.ReadFromJsonAsync<SecProbeCampaignStatus>(RunningSilo.Json);
        Assert.Equal((SecProbeRoundView.Stopped, 1), (stopped!.Current.Phase, stopped.Current.Round));
        Assert.Empty(stopped.History);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(_silo, HttpMethod.Post, $"/v1/secprobe/{Id}/stop", AdminToken)).StatusCode);

        // The accepted participant keeps its receipt; nobody else is taken; the model is still the initial one.
        Assert.Equal(new SecProbeUploadReceipt(true, 1, false), await AcceptedUploadAsync(_silo, p1.Token, 1, Marked(global, 1f)));
        Assert.Equal(new SecProbeUploadReceipt(false, 0, true), await AcceptedUploadAsync(_silo, p2.Token, 1, Marked(global, 2f)));
        var claim = await (await SendAsync(_silo, HttpMethod.Post, $"/v1/secprobe/{Id}/rounds/1/claim", p2.Token)).Content.ReadFromJsonAsync<SecProbeClaim>(RunningSilo.Json);
        Assert.Equal(new SecProbeClaim(false, true, 0, 0), claim);
        var model = await ModelAsync(_silo, p2.Token);
        Assert.Equal(0, model.ModelVersion);
        Assert.Equal(global.Weights.ToArray(), model.Weights.ToArray());
        Assert.Equal(SecProbeRoundView.Stopped, (await GetJsonAsync<SecProbeRoundView>(_silo, $"/v1/secprobe/{Id}/round?afterRound=1&waitSeconds=30", p1.Token)).Phase);
        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Post, $"/v1/secprobe/{Id}/participants", null,
            JsonContent.Create(new EnrollRequest { Name = "late", SampleCount = 5 }, options: RunningSilo.Json)), HttpStatusCode.Gone, ProblemTypes.CampaignEnded);

        // No selection ran; the uploads that reached the silo are charged.
        AssertSpent("campaign", 0, [], await GetJsonAsync<SecProbePrivacySpent>(_silo, $"/v1/secprobe/{Id}/privacy", AdminToken));
        AssertSpent("p1", 0.5, [1], await GetJsonAsync<SecProbePrivacySpent>(_silo, $"/v1/secprobe/{Id}/privacy/participants/p1", AdminToken));
        AssertSpent("p2", 0.5, [1], await GetJsonAsync<SecProbePrivacySpent>(_silo, $"/v1/secprobe/{Id}/privacy/participants/p2", AdminToken));
    }

    [Fact]
    public async Task A_participant_at_the_campaigns_epsilon_cap_is_refused_before_its_upload_is_read()
    {
        // ε₂ = 0.5 per upload, a cap of 1.0: two uploads fit, a third does not.
        Assert.Equal(HttpStatusCode.OK, (await ConfigureAsync(Spec(rounds: 4, accept: 1) with { ParticipantEpsilonBudget = 1.0 })).StatusCode);
        var p1 = await EnrollAsync(_silo, "a");
        var p2 = await EnrollAsync(_silo, "b");
        for (int round = 1; round <= 2; round++)
        {
            var model = await ModelAsync(_silo, p1.Token);
            Assert.True((await AcceptedUploadAsync(_silo, p1.Token, round, model.Weights.ToArray())).Accepted);
        }

        var global = await ModelAsync(_silo, p1.Token);
        await Problems.AssertAsync(await SendAsync(_silo, HttpMethod.Post, $"/v1/secprobe/{Id}/rounds/3/claim", p1.Token), HttpStatusCode.Conflict, SecProbeBudgetExhaustedException.Type);
        var refused = await Problems.AssertAsync(await UploadAsync(_silo, p1.Token, 3, TensorWire.EncodeModel(2, global.Weights.Span)), HttpStatusCode.Conflict, SecProbeBudgetExhaustedException.Type);
        Assert.Contains("has spent ε = 1 of the campaign's cap 1", refused.GetProperty("detail").GetString());
        // A retry of an upload already charged is still answered; nothing else moved.
        Assert.Equal(new SecProbeUploadReceipt(true, 1, false), await AcceptedUploadAsync(_silo, p1.Token, 2, global.Weights.ToArray()));
        AssertSpent("p1", 1.0, [1, 2], await GetJsonAsync<SecProbePrivacySpent>(_silo, $"/v1/secprobe/{Id}/privacy/participants/p1", AdminToken));
        Assert.Equal((3, 0), ((await GetJsonAsync<SecProbeRoundView>(_silo, $"/v1/secprobe/{Id}/round", p2.Token)).Round, (await GetJsonAsync<SecProbeRoundView>(_silo, $"/v1/secprobe/{Id}/round", p2.Token)).Accepted));
        Assert.True((await AcceptedUploadAsync(_silo, p2.Token, 3, global.Weights.ToArray())).Accepted);

        var invalid = await Problems.AssertAsync(await ConfigureAsync(Spec() with { ParticipantEpsilonBudget = 0.25 }, id: "sp-cap"), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Contains("participantEpsilonBudget must be finite and at least participantEpsilon", invalid.GetProperty("detail").GetString());
    }
}
