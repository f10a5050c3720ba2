using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.SecAgg;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Silo.Tests;

/// <summary>Drives a secagg campaign over raw HTTP with the protocol's client state machine, one party per participant.</summary>
internal sealed class SecAggSiloSession(RunningSilo silo, string id)
{
    public const int ParameterCount = 7850; // logreg 784 → 10

    public static readonly JsonSerializerOptions Json = CreateJson();

    public RunningSilo Silo { get; } = silo;

    public string Id { get; } = id;

    public async Task CreateAsync(int minParticipants, string spec, int minEnrolled, int rounds = 1)
    {
        var response = await Silo.Http.PostAsJsonAsync("/v1/campaigns", new
        {
            id = Id, model = "logreg", rounds, minParticipants, minEnrolled, roundTimeoutSeconds = 120, privacy = spec,
        }, RunningSilo.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public async Task<TrainingTask> TaskAsync(string token)
    {
        var response = await Silo.GetAsync($"/v1/campaigns/{Id}/tasks/next?waitSeconds=5", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TrainingTask>(Json))!;
    }

    public async Task<SecAggView> ViewAsync(string token, SecAggPhase? after = null, int round = 1)
    {
        var query = after is { } a ? $"?afterPhase={a}&waitSeconds=20" : string.Empty;
        var response = await Silo.GetAsync($"/v1/campaigns/{Id}/rounds/{round}/secagg{query}", token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SecAggView>(Json))!;
    }

    public Task<HttpResponseMessage> KeysAsync(string token, object body, int round = 1) => PostAsync($"rounds/{round}/secagg/keys", token, body);

    public Task<HttpResponseMessage> SharesAsync(string token, object body, int round = 1) => PostAsync($"rounds/{round}/secagg/shares", token, body);

    public Task<HttpResponseMessage> UnmaskAsync(string token, object body, int round = 1) => PostAsync($"rounds/{round}/secagg/unmask", token, body);

    public async Task<HttpResponseMessage> MaskedAsync(string token, byte[] body, int attempt = 1, string contentType = ApiConventions.OctetStream, int round = 1)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/campaigns/{Id}/rounds/{round}/secagg/masked-input?attempt={attempt}")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Silo.Http.SendAsync(request);
    }

    public static SecAggPublicKeys Keys(AdvertiseKeysMessage m, int attempt = 1) =>
        new() { Attempt = attempt, EncryptionPublicKey = m.EncryptionPublicKey.ToArray(), MaskingPublicKey = m.MaskingPublicKey.ToArray() };

    public static SecAggShareKeys Shares(ShareKeysMessage m, int attempt = 1) => new()
    {
        Attempt = attempt,
        Shares = [.. m.Shares.Select(s => new SecAggEncryptedShare(s.Sender, s.Recipient, s.Nonce.ToArray(), s.Ciphertext.ToArray(), s.Tag.ToArray()))],
    };

    public static SecAggUnmasking Unmasking(UnmaskingResponse r, int attempt = 1) => new()
    {
        Attempt = attempt,
        SelfMaskShares = [.. r.SelfMaskShares.Select(s => new SecAggRevealedShare(s.Owner, s.Share.ToBytes()))],
        MaskingKeyShares = [.. r.MaskingKeyShares.Select(s => new SecAggRevealedShare(s.Owner, s.Share.ToBytes()))],
    };

    public static SecureAggregationParameters Parameters(SecAggSession s) =>
        new(s.SessionId, s.ParameterCount + SecAggUpdateCodec.ExtraElements, s.Threshold, s.Degree);

    public static KeyRoster Roster(SecAggView view) => new(
        [.. view.Roster!.Select(e => new AdvertiseKeysMessage(e.PartyId, e.EncryptionPublicKey, e.MaskingPublicKey))],
        new NeighbourGraph([.. view.RingOrder!.Value], view.GraphDegree!.Value));

    public static ForwardedShares Forwarded(SecAggView view) => new(
        view.Session.PartyId, [.. view.ForwardedShares!.Select(s => new EncryptedShare(s.Sender, s.Recipient, s.Nonce, s.Ciphertext, s.Tag))]);

    public static byte[] Bytes(ReadOnlySpan<uint> words) => MemoryMarshal.AsBytes(words).ToArray();

    private async Task<HttpResponseMessage> PostAsync(string path, string token, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/campaigns/{Id}/{path}")
        {
            Content = JsonContent.Create(body, body.GetType(), options: Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Silo.Http.SendAsync(request);
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
