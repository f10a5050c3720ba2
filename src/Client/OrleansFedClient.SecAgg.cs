using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using OrleansFed.Client.Http;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.SecAgg;

namespace OrleansFed.Client;

/// <summary>The participant calls of the <c>secagg</c> privacy mode (<c>/v1/campaigns/{id}/rounds/{round}/secagg</c>).</summary>
public sealed partial class OrleansFedClient
{
    /// <summary>Gets the participant's view of a secure-aggregation round, waiting while it is still in <paramref name="afterPhase"/>.</summary>
    /// <param name="credential">Participant credential.</param>
    /// <param name="round">Round.</param>
    /// <param name="afterPhase">Return early only once the round has left this step; <see langword="null"/> = at once.</param>
    /// <param name="wait">Longest wait (0–60 s).</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The view.</returns>
    public Task<SecAggView> GetSecAggViewAsync(
        ParticipantCredential credential, int round, SecAggPhase? afterPhase, TimeSpan wait, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var seconds = (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 0, ApiConventions.MaxWaitSeconds);
        var path = string.Create(CultureInfo.InvariantCulture, $"{SecAggPath(credential, round)}?waitSeconds={seconds}")
            + (afterPhase is { } p ? "&afterPhase=" + p : string.Empty);
        return SendJsonWithWaitAsync<SecAggView>("secagg view", () => ParticipantRequest(HttpMethod.Get, path, credential), TimeSpan.FromSeconds(seconds), ct);
    }

    /// <summary>Step 0: sends the public keys.</summary>
    /// <param name="credential">Participant credential.</param>
    /// <param name="round">Round.</param>
    /// <param name="keys">Keys.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The receipt, once durable.</returns>
    public Task<SecAggAck> SendSecAggKeysAsync(ParticipantCredential credential, int round, SecAggPublicKeys keys, CancellationToken ct = default) =>
        PostSecAggJsonAsync(credential, round, "/keys", keys, ct);

    /// <summary>Step 1: sends the encrypted shares.</summary>
    /// <param name="credential">Participant credential.</param>
    /// <param name="round">Round.</param>
    /// <param name="shares">Shares.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The receipt, once durable.</returns>
    public Task<SecAggAck> SendSecAggSharesAsync(ParticipantCredential credential, int round, SecAggShareKeys shares, CancellationToken ct = default) =>
        PostSecAggJsonAsync(credential, round, "/shares", shares, ct);

    /// <summary>Step 2: sends the masked input as little-endian uint32 words.</summary>
    /// <param name="credential">Participant credential.</param>
    /// <param name="round">Round.</param>
    /// <param name="attempt">Attempt.</param>
    /// <param name="maskedInput">y_u.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The receipt, once durable.</returns>
    public Task<SecAggAck> SendMaskedInputAsync(
        ParticipantCredential credential, int round, int attempt, ReadOnlyMemory<uint> maskedInput, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var body = MemoryMarshal.AsBytes(maskedInput.Span).ToArray();
        var path = string.Create(CultureInfo.InvariantCulture, $"{SecAggPath(credential, round)}/masked-input?attempt={attempt}");
        return SendJsonAsync<SecAggAck>(
            "secagg masked input",
            idempotent: true,
            () => OctetStreamPut(path, credential, body),
            ct);
    }

    /// <summary>Step 3: sends the revealed shares.</summary>
    /// <param name="credential">Participant credential.</param>
    /// <param name="round">Round.</param>
    /// <param name="unmasking">Shares.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The receipt, once durable.</returns>
    public Task<SecAggAck> SendSecAggUnmaskingAsync(ParticipantCredential credential, int round, SecAggUnmasking unmasking, CancellationToken ct = default) =>
        PostSecAggJsonAsync(credential, round, "/unmask", unmasking, ct);

    private Task<SecAggAck> PostSecAggJsonAsync<T>(ParticipantCredential credential, int round, string suffix, T message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var path = SecAggPath(credential, round) + suffix;
        // Repeats are answered idempotently by the silo (the first message stands), so retrying is safe.
        return SendJsonAsync<SecAggAck>(
            "secagg " + suffix.TrimStart('/'),
            idempotent: true,
            () =>
            {
                var request = ParticipantRequest(HttpMethod.Post, path, credential);
                request.Content = JsonContent.Create(message, options: ApiJson.Options);
                return request;
            },
            ct);
    }

    private async Task<T> SendJsonWithWaitAsync<T>(string operation, Func<HttpRequestMessage> request, TimeSpan extraTimeout, CancellationToken ct)
    {
        using var response = await SendAsync(operation, idempotent: true, request, extraTimeout, ct).ConfigureAwait(false);
        return await ReadJsonAsync<T>(response, ct).ConfigureAwait(false);
    }

    private static string SecAggPath(ParticipantCredential credential, int round) =>
        string.Create(CultureInfo.InvariantCulture, $"{CampaignPath(credential.CampaignId)}/rounds/{round}/secagg");
}
