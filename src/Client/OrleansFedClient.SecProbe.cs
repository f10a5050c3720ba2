using System.Globalization;
using System.Net.Http.Json;
using OrleansFed.Client.Http;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.SecProbe;
using OrleansFed.Interfaces.Wire;

namespace OrleansFed.Client;

/// <summary>The SecProbe calls (<c>/v1/secprobe/{id}</c>, docs/secprobe.md).</summary>
public sealed partial class OrleansFedClient
{
    /// <summary>Configures a SecProbe campaign as the operator (<c>PUT /v1/secprobe/{id}</c>; idempotent for an equal spec).</summary>
    /// <param name="campaignId">The ordinary campaign its participants enroll in.</param>
    /// <param name="spec">The configuration.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The status, once the spec and the initial weights are durable.</returns>
    public Task<SecProbeCampaignStatus> ConfigureSecProbeAsync(string campaignId, SecProbeCampaignSpec spec, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var path = SecProbePath(campaignId);
        return SendJsonAsync<SecProbeCampaignStatus>(
            "configure secprobe",
            idempotent: true,
            () => AdminRequest(HttpMethod.Put, path, JsonContent.Create(spec, options: ApiJson.Options)),
            ct);
    }

    /// <summary>
    /// Enrolls in a SecProbe campaign (<c>POST /v1/secprobe/{id}/participants</c>; its own enrollment, not an ordinary
    /// campaign's). Not retried: a repeat would enroll a second identity.
    /// </summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="request">Display name and sample count.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The credential (keep the token secret).</returns>
    public Task<ParticipantCredential> EnrollSecProbeAsync(string campaignId, EnrollRequest request, CancellationToken ct = default) =>
        EnrollCoreAsync("enroll secprobe", SecProbePath(campaignId) + "/participants", campaignId, request, ct);

    /// <summary>Every SecProbe campaign of the deployment with its status (<c>GET /v1/secprobe</c>, admin).</summary>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The statuses, in configuration order.</returns>
    public async Task<IReadOnlyList<SecProbeCampaignStatus>> ListSecProbeCampaignsAsync(CancellationToken ct = default) =>
        await SendJsonAsync<SecProbeCampaignStatus[]>("list secprobe", idempotent: true, () => AdminRequest(HttpMethod.Get, "v1/secprobe"), ct)
            .ConfigureAwait(false);

    /// <summary>The operator's status of a SecProbe campaign (<c>GET /v1/secprobe/{id}/status</c>).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The status.</returns>
    public Task<SecProbeCampaignStatus> GetSecProbeStatusAsync(string campaignId, CancellationToken ct = default)
    {
        var path = SecProbePath(campaignId) + "/status";
        return SendJsonAsync<SecProbeCampaignStatus>("secprobe status", idempotent: true, () => AdminRequest(HttpMethod.Get, path), ct);
    }

    /// <summary>Stops a SecProbe campaign before its last round (<c>POST /v1/secprobe/{id}/stop</c>, admin; idempotent).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The status.</returns>
    public Task<SecProbeCampaignStatus> StopSecProbeAsync(string campaignId, CancellationToken ct = default)
    {
        var path = SecProbePath(campaignId) + "/stop";
        return SendJsonAsync<SecProbeCampaignStatus>("secprobe stop", idempotent: true, () => AdminRequest(HttpMethod.Post, path), ct);
    }

    /// <summary>The current round as a participant sees it (<c>GET /v1/secprobe/{id}/round</c>).</summary>
    /// <param name="credential">Participant credential.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The view.</returns>
    public Task<SecProbeRoundView> GetSecProbeRoundAsync(ParticipantCredential credential, CancellationToken ct = default) =>
        GetSecProbeRoundAsync(credential, afterRound: null, TimeSpan.Zero, ct);

    /// <summary>
    /// Long-polls the round (<c>GET /v1/secprobe/{id}/round?afterRound=r&amp;waitSeconds=N</c>): the silo answers once the
    /// campaign is past round <paramref name="afterRound"/> or has completed, at the latest after <paramref name="wait"/>.
    /// </summary>
    /// <param name="credential">Participant credential.</param>
    /// <param name="afterRound">Wait while the current round is at most this; <see langword="null"/> = answer at once.</param>
    /// <param name="wait">Longest wait (0–60 s).</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The view.</returns>
    public Task<SecProbeRoundView> GetSecProbeRoundAsync(ParticipantCredential credential, int? afterRound, TimeSpan wait, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var seconds = (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 0, ApiConventions.MaxWaitSeconds);
        var path = SecProbePath(credential.CampaignId) + "/round"
            + (afterRound is { } after ? string.Create(CultureInfo.InvariantCulture, $"?afterRound={after}&waitSeconds={seconds}") : string.Empty);
        return SendJsonWithWaitAsync<SecProbeRoundView>(
            "secprobe round", () => ParticipantRequest(HttpMethod.Get, path, credential), TimeSpan.FromSeconds(afterRound is null ? 0 : seconds), ct);
    }

    /// <summary>The global weights (<c>GET /v1/secprobe/{id}/model</c>): the current round's start, or the final model.</summary>
    /// <param name="credential">Participant credential.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The weights; the version is the number of finished rounds.</returns>
    public Task<ModelBlob> DownloadSecProbeModelAsync(ParticipantCredential credential, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var path = SecProbePath(credential.CampaignId) + "/model";
        return DownloadModelCoreAsync(() => ParticipantRequest(HttpMethod.Get, path, credential), ct);
    }

    /// <summary>The global weights as the operator (<c>GET /v1/secprobe/{id}/model</c>).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The weights; the version is the number of finished rounds.</returns>
    public Task<ModelBlob> DownloadSecProbeModelAsync(string campaignId, CancellationToken ct = default)
    {
        var path = SecProbePath(campaignId) + "/model";
        return DownloadModelCoreAsync(() => AdminRequest(HttpMethod.Get, path), ct);
    }

    /// <summary>
    /// Claims one of round <paramref name="round"/>'s M places before training (<c>POST /v1/secprobe/{id}/rounds/{r}/claim</c>).
    /// Safe to retry: a participant's live claim is granted again.
    /// </summary>
    /// <param name="credential">Participant credential.</param>
    /// <param name="round">The round.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>Granted, stop, or retry later.</returns>
    public Task<SecProbeClaim> ClaimSecProbePlaceAsync(ParticipantCredential credential, int round, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var path = string.Create(CultureInfo.InvariantCulture, $"{SecProbePath(credential.CampaignId)}/rounds/{round}/claim");
        return SendJsonAsync<SecProbeClaim>("secprobe claim", idempotent: true, () => ParticipantRequest(HttpMethod.Post, path, credential), ct);
    }

    /// <summary>Gives back a claimed place (<c>DELETE /v1/secprobe/{id}/rounds/{r}/claim</c>), e.g. when leaving mid-round.</summary>
    /// <param name="credential">Participant credential.</param>
    /// <param name="round">The round of the claim.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>A task that completes once the silo has freed the place.</returns>
    public async Task ReleaseSecProbePlaceAsync(ParticipantCredential credential, int round, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var path = string.Create(CultureInfo.InvariantCulture, $"{SecProbePath(credential.CampaignId)}/rounds/{round}/claim");
        using var response = await SendAsync("secprobe release", idempotent: true, () => ParticipantRequest(HttpMethod.Delete, path, credential), TimeSpan.Zero, ct)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads sanitized weights for <paramref name="round"/> (<c>PUT /v1/secprobe/{id}/rounds/{round}/upload</c>), trained
    /// from model version round − 1. Safe to retry: a repeat gets the first answer.
    /// </summary>
    /// <param name="credential">Participant credential.</param>
    /// <param name="round">The round.</param>
    /// <param name="weights">The weights.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>Accepted with its arrival position, or stop.</returns>
    public Task<SecProbeUploadReceipt> UploadSecProbeAsync(
        ParticipantCredential credential, int round, ReadOnlyMemory<float> weights, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentOutOfRangeException.ThrowIfLessThan(round, 1);
        var body = TensorWire.EncodeModel(round - 1L, weights.Span);
        var path = string.Create(CultureInfo.InvariantCulture, $"{SecProbePath(credential.CampaignId)}/rounds/{round}/upload");
        return SendJsonAsync<SecProbeUploadReceipt>(
            "secprobe upload",
            idempotent: true,
            () => OctetStreamPut(path, credential, body),
            ct);
    }

    /// <summary>ε a participant has spent in a SecProbe campaign (<c>GET /v1/secprobe/{id}/privacy/participants/{p}</c>, its own token).</summary>
    /// <param name="credential">Participant credential.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The ledger's total.</returns>
    public Task<SecProbePrivacySpent> GetSecProbePrivacyAsync(ParticipantCredential credential, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var path = $"{SecProbePath(credential.CampaignId)}/privacy/participants/{Uri.EscapeDataString(credential.ParticipantId)}";
        return SendJsonAsync<SecProbePrivacySpent>("secprobe privacy", idempotent: true, () => ParticipantRequest(HttpMethod.Get, path, credential), ct);
    }

    /// <summary>ε a participant has spent in a SecProbe campaign, as the operator (<c>GET /v1/secprobe/{id}/privacy/participants/{p}</c>).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="participantId">Participant id.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The ledger's total.</returns>
    public Task<SecProbePrivacySpent> GetSecProbePrivacyAsync(string campaignId, string participantId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(participantId);
        var path = $"{SecProbePath(campaignId)}/privacy/participants/{Uri.EscapeDataString(participantId)}";
        return SendJsonAsync<SecProbePrivacySpent>("secprobe privacy", idempotent: true, () => AdminRequest(HttpMethod.Get, path), ct);
    }

    /// <summary>ε the selections of a SecProbe campaign have spent (<c>GET /v1/secprobe/{id}/privacy</c>, admin).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The campaign ledger's total.</returns>
    public Task<SecProbePrivacySpent> GetSecProbeCampaignPrivacyAsync(string campaignId, CancellationToken ct = default)
    {
        var path = SecProbePath(campaignId) + "/privacy";
        return SendJsonAsync<SecProbePrivacySpent>("secprobe privacy", idempotent: true, () => AdminRequest(HttpMethod.Get, path), ct);
    }

    private static string SecProbePath(string campaignId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        return "v1/secprobe/" + Uri.EscapeDataString(campaignId);
    }
}
