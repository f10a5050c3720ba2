using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Wire;

namespace OrleansFed.Silo.Tests;

/// <summary>Every rejected upload gets its documented 4xx problem and leaves the round unchanged.</summary>
public sealed class UploadTests : IAsyncLifetime
{
    private const int Length = 7850;
    private const long MaxUpdateBytes = 40_000;
    private RunningSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await RunningSilo.StartAsync(o => o.MaxUpdateBytes = MaxUpdateBytes);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    public static TheoryData<string> BadBodies => ["wrong-length", "nan", "positive-infinity", "negative-infinity-loss", "garbage", "truncated", "bad-magic", "other-round"];

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Invalid_update_body_is_400_and_leaves_the_round_unchanged(string kind)
    {
        var (id, tokens) = await StartCampaignAsync();
        var weights = new float[Length];
        var (body, type) = kind switch
        {
            "wrong-length" => (TensorWire.EncodeUpdate(1, 10, 0.1f, new float[Length + 1]), ProblemTypes.WrongLength),
            "nan" => (Poison(weights, 17, float.NaN), ProblemTypes.NonFinite),
            "positive-infinity" => (Poison(weights, Length - 1, float.PositiveInfinity), ProblemTypes.NonFinite),
            "negative-infinity-loss" => (TensorWire.EncodeUpdate(1, 10, float.NegativeInfinity, weights), ProblemTypes.NonFinite),
            "garbage" => ("not a tensor at all, just text"u8.ToArray(), ProblemTypes.MalformedBody),
            "truncated" => (TensorWire.EncodeUpdate(1, 10, 0.1f, weights)[..^3], ProblemTypes.MalformedBody),
            "bad-magic" => (TensorWire.EncodeModel(1, weights), ProblemTypes.MalformedBody),
            "other-round" => (TensorWire.EncodeUpdate(2, 10, 0.1f, weights), ProblemTypes.MalformedBody),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var before = await SnapshotAsync(id);

        var response = await _silo.UploadAsync(id, 1, tokens[0], body);

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, type);
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task Body_over_the_size_limit_is_413_and_leaves_the_round_unchanged()
    {
        var (id, tokens) = await StartCampaignAsync();
        var before = await SnapshotAsync(id);

        var response = await _silo.UploadAsync(id, 1, tokens[0], new byte[MaxUpdateBytes + 1]);

        await Problems.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task Chunked_body_over_the_size_limit_is_413()
    {
        var (id, tokens) = await StartCampaignAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/campaigns/{id}/rounds/1/update")
        {
            Content = new StreamContent(new MemoryStream(new byte[MaxUpdateBytes * 2])),
        };
        request.Content.Headers.ContentType = new(ApiConventions.OctetStream);
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new("Bearer", tokens[0]);

        var response = await _silo.Http.SendAsync(request);

        await Problems.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
        Assert.Empty((await _silo.RoundAsync(id, 1)).Submitted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("garbage")]
    [InlineData("p1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("p99.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Unknown_token_is_401_and_leaves_the_round_unchanged(string? token)
    {
        var (id, _) = await StartCampaignAsync();
        var before = await SnapshotAsync(id);

        var response = await _silo.UploadAsync(id, 1, token ?? "", Valid(1));

        await Problems.AssertAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task Token_of_another_campaign_is_401()
    {
        var (id, _) = await StartCampaignAsync();
        var (_, otherTokens) = await StartCampaignAsync();

        var response = await _silo.UploadAsync(id, 1, otherTokens[0], Valid(1));

        await Problems.AssertAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        Assert.Empty((await _silo.RoundAsync(id, 1)).Submitted);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task Wrong_content_type_is_415_and_leaves_the_round_unchanged(string contentType)
    {
        var (id, tokens) = await StartCampaignAsync();
        var before = await SnapshotAsync(id);

        var response = await _silo.UploadAsync(id, 1, tokens[0], Valid(1), contentType);

        await Problems.AssertAsync(response, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task Participant_not_selected_is_403_and_leaves_the_round_unchanged()
    {
        var (id, tokens) = await StartCampaignAsync(perRound: 2);
        var selected = (await _silo.RoundAsync(id, 1)).Selected;
        var outsider = Enumerable.Range(0, 3).Single(i => !selected.Contains($"p{i + 1}"));
        var before = await SnapshotAsync(id);

        var response = await _silo.UploadAsync(id, 1, tokens[outsider], Valid(1));

        await Problems.AssertAsync(response, HttpStatusCode.Forbidden, ProblemTypes.NotSelected);
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task Update_for_a_closed_round_is_409_and_changes_nothing()
    {
        var (id, tokens) = await StartCampaignAsync(minParticipants: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await _silo.UploadAsync(id, 1, tokens[i], Valid(1, i))).StatusCode);
        }

        var before = await SnapshotAsync(id);
        var model = await (await _silo.GetAsync($"/v1/campaigns/{id}/model", tokens[0])).Content.ReadAsByteArrayAsync();

        var late = await _silo.UploadAsync(id, 1, tokens[0], Valid(1, 42));
        var early = await _silo.UploadAsync(id, 3, tokens[0], Valid(3));

        await Problems.AssertAsync(late, HttpStatusCode.Conflict, ProblemTypes.RoundClosed);
        await Problems.AssertAsync(early, HttpStatusCode.Conflict, ProblemTypes.RoundClosed);
        Assert.Equal(before, await SnapshotAsync(id));
        Assert.Equal(model, await (await _silo.GetAsync($"/v1/campaigns/{id}/model", tokens[0])).Content.ReadAsByteArrayAsync());
        Assert.Single(await _silo.HistoryAsync(id));
    }

    [Fact]
    public async Task Duplicate_upload_is_202_duplicate_and_counted_once()
    {
        var (id, tokens) = await StartCampaignAsync();

        var first = await (await _silo.UploadAsync(id, 1, tokens[0], Valid(1))).Content.ReadFromJsonAsync<SubmitReceipt>(RunningSilo.Json);
        var again = await _silo.UploadAsync(id, 1, tokens[0], Valid(1));

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var second = await again.Content.ReadFromJsonAsync<SubmitReceipt>(RunningSilo.Json);
        Assert.Equal(new SubmitReceipt { Round = 1, Accepted = true, Duplicate = false }, first);
        Assert.Equal(new SubmitReceipt { Round = 1, Accepted = true, Duplicate = true }, second);
        var summary = await _silo.RoundAsync(id, 1);
        Assert.Equal(new[] { "p1" }, summary.Submitted.ToArray());
        Assert.Equal(100, summary.Samples);
    }

    private static byte[] Valid(int round, float value = 0.5f) => TensorWire.EncodeUpdate(round, 100, 0.7f, Enumerable.Repeat(value, Length).ToArray());

    private static byte[] Poison(float[] weights, int index, float value)
    {
        var body = TensorWire.EncodeUpdate(1, 10, 0.1f, weights);
        BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(TensorWire.UpdateHeaderSize + (4 * index)), value);
        return body;
    }

    private async Task<(string Id, string[] Tokens)> StartCampaignAsync(int? perRound = null, int minParticipants = 2)
    {
        var id = "u-" + Guid.NewGuid().ToString("N")[..10];
        await _silo.CreateCampaignAsync(id, rounds: 2, minParticipants: minParticipants, perRound: perRound, minEnrolled: 3);
        var tokens = new string[3];
        for (var i = 0; i < 3; i++)
        {
            tokens[i] = (await _silo.EnrollAsync(id, $"node-{i}")).Token;
        }

        Assert.Equal(RoundPhase.Open, (await _silo.RoundAsync(id, 1)).Phase);
        return (id, tokens);
    }

    /// <summary>Everything an accepted update would change: round phase, submitters, samples, history, model version.</summary>
    private async Task<string> SnapshotAsync(string id)
    {
        var status = await _silo.Http.GetFromJsonAsync<CampaignStatus>($"/v1/campaigns/{id}", RunningSilo.Json);
        var summary = await _silo.RoundAsync(id, status!.CurrentRound);
        var history = await _silo.HistoryAsync(id);
        return $"{status.State}|{status.CurrentRound}|{status.ModelVersion}|{summary.Phase}|{string.Join(",", summary.Submitted)}|{summary.Samples}|{history.Length}";
    }
}
