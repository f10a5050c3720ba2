using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Pate;

namespace OrleansFed.Silo.Tests;

/// <summary>The PATE routes: operator configures, opens and answers batches; teachers vote as themselves; bad input is problem+json.</summary>
public sealed class PateEndpointsTests : IAsyncLifetime
{
    private const string AdminToken = "admin-secret-pate-0123456789";
    private const string Id = "pate-http";
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(RunningSilo.Json)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private RunningSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await RunningSilo.StartAsync(o => o.AdminToken = AdminToken);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null, string? raw = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: RunningSilo.Json);
        }
        else if (raw is not null)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }

        return await _silo.Http.SendAsync(request);
    }

    private static object Votes(string teacher, params (int Query, int[] Counts)[] queries) =>
        new { teachers = new[] { teacher }, queries = queries.Select(q => new { queryId = q.Query, counts = q.Counts }).ToArray() };

    [Fact]
    public async Task Teachers_vote_as_themselves_the_operator_answers_and_bad_votes_are_problems_that_change_nothing()
    {
        _silo.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        await _silo.CreateCampaignAsync(Id, minEnrolled: 3);
        var teachers = new List<Enrollment>();
        for (int i = 0; i < 3; i++)
        {
            teachers.Add(await _silo.EnrollAsync(Id, $"teacher-{i}"));
        }

        _silo.Http.DefaultRequestHeaders.Authorization = null;
        var spec = new PateCampaignSpec
        {
            ClassCount = 3,
            QueryIds = [10, 11],
            BatchSize = 2,
            Teachers = [.. teachers.Select(t => t.ParticipantId)],
            Aggregator = PateAggregatorSpec.LnMax(100),
            Epsilon = 1e6,
        };
        await Problems.AssertAsync(await SendAsync(HttpMethod.Put, $"/v1/pate/{Id}", teachers[0].Token, spec), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, $"/v1/pate/{Id}", AdminToken, spec)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Get, $"/v1/pate/{Id}/batches/open", teachers[0].Token)).StatusCode);
        var batch = await (await SendAsync(HttpMethod.Post, $"/v1/pate/{Id}/batches", AdminToken)).Content.ReadFromJsonAsync<PateBatch>(Json);
        Assert.Equal(0, batch!.Batch);
        var open = await (await SendAsync(HttpMethod.Get, $"/v1/pate/{Id}/batches/open", teachers[1].Token)).Content.ReadFromJsonAsync<PateBatch>(Json);
        Assert.Equal([10, 11], open!.QueryIds.ToArray());

        string votes = $"/v1/pate/{Id}/batches/0/votes";
        var p0 = teachers[0].ParticipantId;
        var accepted = await SendAsync(HttpMethod.Post, votes, teachers[0].Token, Votes(p0, (10, [1, 0, 0]), (11, [0, 0, 1])));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(new VoteSubmitResult(2, 0), await accepted.Content.ReadFromJsonAsync<VoteSubmitResult>(RunningSilo.Json));

        // Replay of the identical vote: acknowledged, nothing counted twice.
        var replay = await SendAsync(HttpMethod.Post, votes, teachers[0].Token, Votes(p0, (10, [1, 0, 0]), (11, [0, 0, 1])));
        Assert.Equal(new VoteSubmitResult(0, 2), await replay.Content.ReadFromJsonAsync<VoteSubmitResult>(RunningSilo.Json));

        // A different second vote, a vote in another teacher's name, no token, a wrong length, malformed JSON, a closed batch.
        await Problems.AssertAsync(await SendAsync(HttpMethod.Post, votes, teachers[0].Token, Votes(p0, (10, [0, 1, 0]))), HttpStatusCode.Conflict, PateProblemTypes.DuplicateVote);
        await Problems.AssertAsync(await SendAsync(HttpMethod.Post, votes, teachers[0].Token, Votes(teachers[1].ParticipantId, (10, [0, 1, 0]))), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        await Problems.AssertAsync(await SendAsync(HttpMethod.Post, votes, null, Votes(p0, (10, [0, 1, 0]))), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        await Problems.AssertAsync(await SendAsync(HttpMethod.Post, votes, teachers[1].Token, Votes(teachers[1].ParticipantId, (10, [0, 1]))), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        await Problems.AssertAsync(await SendAsync(HttpMethod.Post, votes, teachers[1].Token, null, "{\"teachers\": [\"p2\"], \"queries\": ["), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        await Problems.AssertAsync(await SendAsync(HttpMethod.Post, $"/v1/pate/{Id}/batches/1/votes", teachers[1].Token, Votes(teachers[1].ParticipantId, (10, [0, 1, 0]))), HttpStatusCode.Conflict, PateProblemTypes.TallyClosed);

        var tally = await _silo.Grains.GetGrain<IVoteTallyGrain>(PateKeys.VoteTally(Id, 0)).GetSnapshotAsync();
        Assert.Equal([1L, 0, 0], tally.Queries[0].Counts.ToArray());
        Assert.Equal([0L, 0, 1], tally.Queries[1].Counts.ToArray());

        foreach (var t in teachers.Skip(1))
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, votes, t.Token, Votes(t.ParticipantId, (10, [1, 0, 0]), (11, [0, 0, 1])))).StatusCode);
        }

        await Problems.AssertAsync(await SendAsync(HttpMethod.Post, $"/v1/pate/{Id}/batches/0/answer", teachers[0].Token), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        var answer = await (await SendAsync(HttpMethod.Post, $"/v1/pate/{Id}/batches/0/answer", AdminToken)).Content.ReadFromJsonAsync<PateBatchResult>(Json);
        Assert.Equal(2, answer!.Answered);
        var labels = await (await SendAsync(HttpMethod.Get, $"/v1/pate/{Id}/labels", AdminToken)).Content.ReadAsStringAsync();
        // Lap(1/100) against a margin of 3 votes: a different label has probability below e^-290.
        Assert.Equal("query_id,label\n10,0\n11,2\n", labels);
        await Problems.AssertAsync(await SendAsync(HttpMethod.Post, votes, teachers[1].Token, Votes(teachers[1].ParticipantId, (10, [1, 0, 0]))), HttpStatusCode.Conflict, PateProblemTypes.TallyClosed);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Post, $"/v1/pate/{Id}/batches", AdminToken)).StatusCode);
        var privacy = await (await SendAsync(HttpMethod.Get, $"/v1/pate/{Id}/privacy/teachers/{p0}", AdminToken)).Content.ReadFromJsonAsync<PrivacySpent>(RunningSilo.Json);
        Assert.Equal(2, privacy!.Events);
        await Problems.AssertAsync(await SendAsync(HttpMethod.Get, $"/v1/pate/Bad_Id/status", AdminToken), HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }
}
