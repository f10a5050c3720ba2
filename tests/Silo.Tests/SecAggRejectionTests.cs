using System.Net;
using System.Net.Http.Json;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.SecAgg;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Silo.Tests;

/// <summary>Bad secure-aggregation step messages get problem+json 4xx answers and change nothing: after every rejection
/// the round still yields exactly the sum of the valid inputs.</summary>
public sealed class SecAggRejectionTests
{
    [Fact]
    public async Task Bad_step_messages_are_4xx_problems_and_the_round_still_yields_the_exact_sum()
    {
        const int parties = 4;
        await using var silo = await RunningSilo.StartAsync();
        var session = new SecAggSiloSession(silo, "secagg-reject");
        await session.CreateAsync(minParticipants: parties, spec: "secagg", minEnrolled: parties);
        var tokens = new List<string>();
        for (var i = 0; i < parties; i++)
        {
            tokens.Add((await silo.EnrollAsync(session.Id, $"party-{i}")).Token);
        }

        var clients = new SecureAggregationClient[parties];
        var views = new SecAggView[parties];
        try
        {
            for (var i = 0; i < parties; i++)
            {
                await session.TaskAsync(tokens[i]);
                views[i] = await session.ViewAsync(tokens[i]);
                clients[i] = new SecureAggregationClient(views[i].Session.PartyId, SecAggSiloSession.Parameters(views[i].Session));
            }

            var keys0 = SecAggSiloSession.Keys(clients[0].AdvertiseKeys());
            var offCurve = new byte[65];
            offCurve[0] = 4;
            await Problems.AssertAsync(await session.KeysAsync(tokens[0], keys0 with { EncryptionPublicKey = new byte[10] }), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
            await Problems.AssertAsync(await session.KeysAsync(tokens[0], keys0 with { MaskingPublicKey = offCurve }), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
            await Problems.AssertAsync(await session.KeysAsync(tokens[0], keys0 with { MaskingPublicKey = keys0.EncryptionPublicKey }), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
            await Problems.AssertAsync(await session.KeysAsync(tokens[0], keys0 with { Attempt = 2 }), HttpStatusCode.Conflict, ProblemTypes.RoundClosed);
            await Problems.AssertAsync(await session.KeysAsync(tokens[0], new { attempt = 1 }), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
            await Problems.AssertAsync(await session.KeysAsync("not-a-token", keys0), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
            await Problems.AssertAsync(await session.SharesAsync(tokens[0], new SecAggShareKeys { Attempt = 1, Shares = [] }), HttpStatusCode.Conflict, ProblemTypes.RoundClosed);
            await Problems.AssertAsync(await session.MaskedAsync(tokens[0], new byte[40]), HttpStatusCode.Conflict, ProblemTypes.RoundClosed);
            await Problems.AssertAsync(await silo.UploadAsync(session.Id, 1, tokens[0], new byte[64]), HttpStatusCode.BadRequest, ProblemTypes.MalformedBody);
            Assert.Equal(SecAggPhase.Advertising, (await session.ViewAsync(tokens[0])).Phase);

            Assert.Equal(HttpStatusCode.Accepted, (await session.KeysAsync(tokens[0], keys0)).StatusCode);
            using (var impostor = new SecureAggregationClient(views[0].Session.PartyId, SecAggSiloSession.Parameters(views[0].Session)))
            {
                // A repeat is acknowledged as a duplicate; the first keys stand (the roster below carries keys0).
                var repeat = await session.KeysAsync(tokens[0], SecAggSiloSession.Keys(impostor.AdvertiseKeys()));
                Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode);
                Assert.True((await repeat.Content.ReadFromJsonAsync<SecAggAck>(SecAggSiloSession.Json))!.Duplicate);
            }

            for (var i = 1; i < parties; i++)
            {
                Assert.Equal(HttpStatusCode.Accepted, (await session.KeysAsync(tokens[i], SecAggSiloSession.Keys(clients[i].AdvertiseKeys()))).StatusCode);
            }

            var shares = new ShareKeysMessage[parties];
            for (var i = 0; i < parties; i++)
            {
                var view = await session.ViewAsync(tokens[i]);
                Assert.Equal(SecAggPhase.SharingKeys, view.Phase);
                shares[i] = clients[i].ShareKeys(SecAggSiloSession.Roster(view));
            }

            var good0 = SecAggSiloSession.Shares(shares[0]);
            await Problems.AssertAsync(await session.SharesAsync(tokens[0], good0 with { Shares = good0.Shares[1..] }), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
            await Problems.AssertAsync(await session.SharesAsync(tokens[0], good0 with { Shares = [.. good0.Shares[1..], good0.Shares[1]] }), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
            await Problems.AssertAsync(await session.SharesAsync(tokens[0], good0 with { Shares = [good0.Shares[0] with { Recipient = views[0].Session.PartyId }, .. good0.Shares[1..]] }), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
            await Problems.AssertAsync(await session.SharesAsync(tokens[0], good0 with { Shares = [good0.Shares[0] with { Nonce = new byte[3] }, .. good0.Shares[1..]] }), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
            await Problems.AssertAsync(await session.SharesAsync(tokens[1], good0), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest); // party 1 sending party 0's shares
            for (var i = 0; i < parties; i++)
            {
                Assert.Equal(HttpStatusCode.Accepted, (await session.SharesAsync(tokens[i], SecAggSiloSession.Shares(shares[i]))).StatusCode);
            }

            var codec = new SecAggUpdateCodec(SecAggSiloSession.ParameterCount, 1.0, 32, parties);
            using var rounding = new AesCtrRandomSource(new byte[16]);
            var expected = new uint[codec.VectorLength];
            var delta = new float[SecAggSiloSession.ParameterCount];
            for (var i = 0; i < parties; i++)
            {
                delta.AsSpan().Fill(0.01f * (i + 1));
                var x = new uint[codec.VectorLength];
                codec.Encode(delta, 100, 1f, x, rounding);
                for (var j = 0; j < x.Length; j++)
                {
                    expected[j] = unchecked(expected[j] + x[j]);
                }

                var view = await session.ViewAsync(tokens[i]);
                var y = clients[i].MaskInput(SecAggSiloSession.Forwarded(view), x).MaskedInput.ToArray();
                var body = SecAggSiloSession.Bytes(y);
                if (i == 0)
                {
                    await Problems.AssertAsync(await session.MaskedAsync(tokens[i], body[..^4]), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
                    await Problems.AssertAsync(await session.MaskedAsync(tokens[i], body[..^1]), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
                    await Problems.AssertAsync(await session.MaskedAsync(tokens[i], body, contentType: "application/json"), HttpStatusCode.UnsupportedMediaType, ProblemTypes.Prefix + "unsupported-media-type");
                    await Problems.AssertAsync(await session.MaskedAsync(tokens[i], body, attempt: 3), HttpStatusCode.Conflict, ProblemTypes.RoundClosed);
                }

                Assert.Equal(HttpStatusCode.Accepted, (await session.MaskedAsync(tokens[i], body)).StatusCode);
            }

            for (var i = 0; i < parties; i++)
            {
                var view = await session.ViewAsync(tokens[i]);
                Assert.Equal(SecAggPhase.Unmasking, view.Phase);
                var response = SecAggSiloSession.Unmasking(clients[i].Unmask(new UnmaskingRequest([.. view.Survivors!.Value], [.. view.Dropped!.Value])));
                if (i == 0)
                {
                    await Problems.AssertAsync(await session.UnmaskAsync(tokens[i], response with { SelfMaskShares = [new SecAggRevealedShare(2, new byte[5])] }), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
                    await Problems.AssertAsync(await session.UnmaskAsync(tokens[1], response), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest); // another party's evaluation points
                    await Problems.AssertAsync(await session.UnmaskAsync(tokens[i], response with { MaskingKeyShares = response.SelfMaskShares }), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
                }

                Assert.Equal(HttpStatusCode.Accepted, (await session.UnmaskAsync(tokens[i], response)).StatusCode);
            }

            var result = await silo.Grains.GetGrain<ISecAggRoundGrain>(SecAggKeys.Round(session.Id, 1, 1)).GetResultAsync();
            Assert.True(result.Finished);
            Assert.Equal(parties, result.Contributors);
            Assert.Equal(expected, result.Sum.ToArray());
            Assert.Equal(CampaignState.Completed, (await silo.Http.GetFromJsonAsync<CampaignStatus>($"/v1/campaigns/{session.Id}", SecAggSiloSession.Json))!.State);
        }
        finally
        {
            foreach (var client in clients)
            {
                client?.Dispose();
            }
        }
    }

    [Theory]
    [InlineData("secagg:degree=3", "secagg degree must be 0 (complete graph) or an even number ≥ 2.")]
    [InlineData("secagg:threshold=1", "secagg threshold must be at least 2.")]
    [InlineData("secagg:degree=4,threshold=2", "secagg threshold must be above degree/2 and at most the degree.")]
    [InlineData("secagg:clip=0", "secagg clip must be a positive finite number.")]
    [InlineData("secagg:bits=40", "secagg bits must be between 16 and 32.")]
    [InlineData("secagg:colour=blue", "secagg setting 'colour=blue' is unknown or not a number")]
    public async Task Invalid_secagg_specs_are_400_and_create_nothing(string spec, string message)
    {
        await using var silo = await RunningSilo.StartAsync();
        var response = await silo.Http.PostAsJsonAsync("/v1/campaigns", new { id = "bad-secagg", model = "logreg", rounds = 1, minParticipants = 3, privacy = spec }, RunningSilo.Json);
        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Contains(message, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.GetAsync("/v1/campaigns/bad-secagg")).StatusCode);
    }

    [Fact]
    public async Task A_secagg_campaign_stores_the_canonical_spec_and_refuses_rules_that_need_individual_updates()
    {
        await using var silo = await RunningSilo.StartAsync();
        var ok = await silo.Http.PostAsJsonAsync("/v1/campaigns", new { id = "canon-secagg", model = "logreg", rounds = 1, minParticipants = 5, privacy = "SecAgg:threshold=4,degree=6" }, RunningSilo.Json);
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var status = await ok.Content.ReadFromJsonAsync<CampaignStatus>(SecAggSiloSession.Json);
        Assert.Equal("secagg:degree=6,threshold=4,clip=1,bits=32,step=10", status!.Config.Privacy);

        var median = await silo.Http.PostAsJsonAsync("/v1/campaigns", new { id = "median-secagg", model = "logreg", rounds = 1, minParticipants = 3, aggregator = "median", privacy = "secagg" }, RunningSilo.Json);
        var problem = await Problems.AssertAsync(median, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Contains("needs a mean-based aggregator", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var small = await silo.Http.PostAsJsonAsync("/v1/campaigns", new { id = "small-secagg", model = "logreg", rounds = 1, minParticipants = 2, privacy = "secagg" }, RunningSilo.Json);
        await Problems.AssertAsync(small, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
    }
}
