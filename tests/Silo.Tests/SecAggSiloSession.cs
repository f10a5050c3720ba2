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

    /// <summary>
    /// Runs round 1 attempt 1 for every party with the protocol's client: each takes its task and advertises keys
    /// (<paramref name="onTask"/> sees the task and the view first); all compute their shares, then send them together
    /// (steps after the first stay open only the spec's <c>step</c> seconds); each party's input comes from
    /// <paramref name="input"/> (<see langword="null"/>: the party drops out after share-keys); after the masked-input
    /// step closes the survivors answer the unmasking request (<paramref name="onUnmasking"/> sees each request).
    /// </summary>
    public async Task RunRoundAsync(
        IReadOnlyList<string> tokens, Action<int, TrainingTask, SecAggView> onTask, Func<int, SecAggView, uint[]?> input, Action<SecAggView> onUnmasking)
    {
        var parties = tokens.Count;
        var clients = new SecureAggregationClient[parties];
        try
        {
            for (var i = 0; i < parties; i++)
            {
                var task = await TaskAsync(tokens[i]);
                var view = await ViewAsync(tokens[i]);
                Assert.Equal(SecAggPhase.Advertising, view.Phase);
                onTask(i, task, view);
                clients[i] = new SecureAggregationClient(view.Session.PartyId, Parameters(view.Session));
                Assert.Equal(HttpStatusCode.Accepted, (await KeysAsync(tokens[i], Keys(clients[i].AdvertiseKeys()))).StatusCode);
            }

            var shares = new ShareKeysMessage[parties];
            for (var i = 0; i < parties; i++)
            {
                var view = await ViewAsync(tokens[i]);
                Assert.Equal(SecAggPhase.SharingKeys, view.Phase);
                shares[i] = clients[i].ShareKeys(Roster(view));
            }

            for (var i = 0; i < parties; i++)
            {
                Assert.Equal(HttpStatusCode.Accepted, (await SharesAsync(tokens[i], Shares(shares[i]))).StatusCode);
            }

            var masked = new uint[]?[parties];
            for (var i = 0; i < parties; i++)
            {
                var view = await ViewAsync(tokens[i]);
                Assert.Equal(SecAggPhase.MaskedInput, view.Phase);
                masked[i] = input(i, view) is { } x ? clients[i].MaskInput(Forwarded(view), x).MaskedInput.ToArray() : null;
            }

            for (var i = 0; i < parties; i++)
            {
                if (masked[i] is { } m)
                {
                    Assert.Equal(HttpStatusCode.Accepted, (await MaskedAsync(tokens[i], Bytes(m))).StatusCode);
                }
            }

            // The dropouts never send: the step closes at its deadline.
            for (var i = 0; i < parties; i++)
            {
                if (masked[i] is null)
                {
                    continue;
                }

                var view = await ViewAsync(tokens[i], SecAggPhase.MaskedInput);
                Assert.Equal(SecAggPhase.Unmasking, view.Phase);
                onUnmasking(view);
                var response = clients[i].Unmask(new UnmaskingRequest([.. view.Survivors!.Value], [.. view.Dropped!.Value]));
                Assert.Equal(HttpStatusCode.Accepted, (await UnmaskAsync(tokens[i], Unmasking(response))).StatusCode);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client?.Dispose();
            }
        }
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
