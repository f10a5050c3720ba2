using System.Globalization;
using System.Net.Http.Json;
using OrleansFed.Client.Http;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Paillier;
using OrleansFed.Interfaces.Wire;

namespace OrleansFed.Client;

/// <summary>Participant calls of the <c>paillier</c> privacy mode.</summary>
public sealed partial class OrleansFedClient
{
    /// <summary>Key holder: publishes the public modulus (<c>PUT /v1/campaigns/{id}/paillier/public-key</c>). Idempotent.</summary>
    /// <param name="credential">The key holder's credential.</param>
    /// <param name="upload">The modulus.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The campaign's key info.</returns>
    public Task<PaillierKeyInfo> PublishPaillierKeyAsync(ParticipantCredential credential, PaillierKeyUpload upload, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(upload);
        var path = CampaignPath(credential.CampaignId) + "/paillier/public-key";
        return SendJsonAsync<PaillierKeyInfo>(
            "publish paillier key",
            idempotent: true,
            () =>
            {
                var request = ParticipantRequest(HttpMethod.Put, path, credential);
                request.Content = JsonContent.Create(upload, options: ApiJson.Options);
                return request;
            },
            ct);
    }

    /// <summary>Uploads an encrypted update (<c>PUT /v1/campaigns/{id}/rounds/{round}/paillier-update</c>). Idempotent.</summary>
    /// <param name="credential">Participant credential.</param>
    /// <param name="update">The ciphertext vector.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The receipt, sent once the ciphertexts are in the durable sum.</returns>
    public Task<SubmitReceipt> SubmitPaillierUpdateAsync(ParticipantCredential credential, PaillierBlob update, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(update);
        var path = string.Create(CultureInfo.InvariantCulture, $"{CampaignPath(credential.CampaignId)}/rounds/{update.Round}/paillier-update");
        return PutBinaryAsync("submit paillier update", path, credential, PaillierWire.Encode(update), ct);
    }

    /// <summary>Key holder: downloads a round's encrypted sum (<c>GET /v1/campaigns/{id}/rounds/{round}/paillier-sum?attempt=</c>).</summary>
    /// <param name="credential">The key holder's credential.</param>
    /// <param name="round">Round.</param>
    /// <param name="attempt">Attempt.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The sum.</returns>
    public async Task<PaillierBlob> DownloadPaillierSumAsync(ParticipantCredential credential, int round, int attempt, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var path = string.Create(CultureInfo.InvariantCulture,
            $"{CampaignPath(credential.CampaignId)}/rounds/{round}/paillier-sum?attempt={attempt}");
        using var response = await SendAsync(
            "download paillier sum", idempotent: true, () => ParticipantRequest(HttpMethod.Get, path, credential), TimeSpan.Zero, ct)
            .ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        try
        {
            return PaillierWire.Decode(body);
        }
        catch (TensorWireException ex)
        {
            throw new InvalidDataException($"The silo sent a malformed ciphertext sum: {ex.Message}", ex);
        }
    }

    /// <summary>Key holder: uploads the decrypted average (<c>PUT /v1/campaigns/{id}/rounds/{round}/paillier-average?attempt=</c>).</summary>
    /// <param name="credential">The key holder's credential.</param>
    /// <param name="attempt">Attempt.</param>
    /// <param name="average">Round, Σn, weighted mean loss and the average weights.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The receipt.</returns>
    public Task<SubmitReceipt> SubmitPaillierAverageAsync(ParticipantCredential credential, int attempt, UpdateBlob average, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(average);
        var path = string.Create(CultureInfo.InvariantCulture,
            $"{CampaignPath(credential.CampaignId)}/rounds/{average.Round}/paillier-average?attempt={attempt}");
        return PutBinaryAsync("submit paillier average", path, credential, TensorWire.EncodeUpdate(average), ct);
    }

    private Task<SubmitReceipt> PutBinaryAsync(string operation, string path, ParticipantCredential credential, byte[] body, CancellationToken ct) =>
        SendJsonAsync<SubmitReceipt>(
            operation,
            idempotent: true,
            () => OctetStreamPut(path, credential, body),
            ct);
}
