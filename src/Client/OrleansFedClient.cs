using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansFed.Client.Http;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Wire;
using Polly;

namespace OrleansFed.Client;

/// <summary>
/// Typed SDK over the OrleansFed HTTP API v1: admin calls (campaigns, round history) and participant calls
/// (enroll, long-poll for tasks, download the global model, upload an update). Errors surface as
/// <see cref="OrleansFedApiException"/> (or <see cref="CampaignEndedException"/> for 410); transient failures are
/// retried with exponential backoff and jitter per <see cref="OrleansFedClientOptions"/>; transport failures that
/// outlast the retries surface as <see cref="HttpRequestException"/> or <see cref="TimeoutException"/>.
/// Thread-safe.
/// </summary>
public sealed partial class OrleansFedClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly OrleansFedClientOptions _options;
    private readonly RetryPipelines _retry;

    /// <summary>Creates a client over <paramref name="httpClient"/>, whose <c>BaseAddress</c> is the silo URL.</summary>
    /// <param name="httpClient">HTTP client with <see cref="HttpClient.BaseAddress"/> set; not disposed by this client.</param>
    /// <param name="options">Settings; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Logger for retries; none when <see langword="null"/>.</param>
    public OrleansFedClient(HttpClient httpClient, OrleansFedClientOptions? options = null, ILogger? logger = null)
        : this(httpClient, ownsHttp: false, options, logger)
    {
    }

    private OrleansFedClient(HttpClient httpClient, bool ownsHttp, OrleansFedClientOptions? options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        if (httpClient.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress (the silo URL).", nameof(httpClient));
        }

        _options = options ?? new OrleansFedClientOptions();
        _options.Validate();
        _http = httpClient;
        _ownsHttp = ownsHttp;
        _retry = new RetryPipelines(_options, logger ?? NullLogger.Instance);
    }

    /// <summary>The silo URL.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Creates a client that owns its own connection pool to <paramref name="siloAddress"/>.</summary>
    /// <param name="siloAddress">Silo URL, e.g. <c>http://127.0.0.1:5000</c>.</param>
    /// <param name="options">Settings; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Logger for retries; none when <see langword="null"/>.</param>
    /// <returns>The client; dispose it to close its connections.</returns>
    public static OrleansFedClient Create(Uri siloAddress, OrleansFedClientOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(siloAddress);
        if (!siloAddress.AbsolutePath.EndsWith('/'))
        {
            // Relative request paths resolve under the base only when it ends with a slash.
            siloAddress = new Uri(siloAddress.AbsoluteUri + "/");
        }

        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            // Recycle pooled connections so a restarted silo (same address, new process) is reached quickly.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        // Per-attempt time limits are enforced by this client (long polls need more than HttpClient's default).
        var http = new HttpClient(handler, disposeHandler: true) { BaseAddress = siloAddress, Timeout = Timeout.InfiniteTimeSpan };
        return new OrleansFedClient(http, ownsHttp: true, options, logger);
    }

    /// <summary>Creates a campaign (<c>POST /v1/campaigns</c>).</summary>
    /// <param name="config">Campaign configuration.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The new campaign's status.</returns>
    public Task<CampaignStatus> CreateCampaignAsync(CampaignConfig config, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        return SendJsonAsync<CampaignStatus>(
            "create campaign", idempotent: false, () => AdminRequest(HttpMethod.Post, "v1/campaigns", JsonContent.Create(config, options: ApiJson.Options)), ct);
    }

    /// <summary>Lists all campaigns (<c>GET /v1/campaigns</c>).</summary>
    /// <param name="ct">Cancellation.</param>
    /// <returns>Every campaign's status.</returns>
    public async Task<IReadOnlyList<CampaignStatus>> ListCampaignsAsync(CancellationToken ct = default)
        => await SendJsonAsync<CampaignStatus[]>("list campaigns", idempotent: true, () => AdminRequest(HttpMethod.Get, "v1/campaigns"), ct)
            .ConfigureAwait(false);

    /// <summary>Reads one campaign's status (<c>GET /v1/campaigns/{id}</c>).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The status.</returns>
    public Task<CampaignStatus> GetCampaignAsync(string campaignId, CancellationToken ct = default)
        => SendJsonAsync<CampaignStatus>("get campaign", idempotent: true, () => AdminRequest(HttpMethod.Get, CampaignPath(campaignId)), ct);

    /// <summary>Pauses a running campaign (<c>POST /v1/campaigns/{id}/pause</c>).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The new status.</returns>
    public Task<CampaignStatus> PauseCampaignAsync(string campaignId, CancellationToken ct = default) => TransitionAsync(campaignId, "pause", ct);

    /// <summary>Resumes a paused campaign (<c>POST /v1/campaigns/{id}/resume</c>).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The new status.</returns>
    public Task<CampaignStatus> ResumeCampaignAsync(string campaignId, CancellationToken ct = default) => TransitionAsync(campaignId, "resume", ct);

    /// <summary>Stops a campaign for good (<c>POST /v1/campaigns/{id}/stop</c>).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The new status.</returns>
    public Task<CampaignStatus> StopCampaignAsync(string campaignId, CancellationToken ct = default) => TransitionAsync(campaignId, "stop", ct);

    /// <summary>Reads the completed rounds of a campaign (<c>GET /v1/campaigns/{id}/rounds</c>).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>One record per completed round.</returns>
    public async Task<IReadOnlyList<RoundRecord>> GetRoundsAsync(string campaignId, CancellationToken ct = default)
        => await SendJsonAsync<RoundRecord[]>(
            "get rounds", idempotent: true, () => AdminRequest(HttpMethod.Get, CampaignPath(campaignId) + "/rounds"), ct).ConfigureAwait(false);

    /// <summary>Checks that the silo answers (<c>GET /healthz</c>).</summary>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The health document.</returns>
    public Task<HealthStatus> GetHealthAsync(CancellationToken ct = default)
        => SendJsonAsync<HealthStatus>("health", idempotent: true, () => new HttpRequestMessage(HttpMethod.Get, "healthz"), ct);

    /// <summary>Enrolls a participant (<c>POST /v1/campaigns/{id}/participants</c>).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="request">Name and local sample count.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The credential; its token is shown only this once, keep it.</returns>
    public Task<ParticipantCredential> EnrollAsync(string campaignId, EnrollRequest request, CancellationToken ct = default) =>
        EnrollCoreAsync("enroll", CampaignPath(campaignId) + "/participants", campaignId, request, ct);

    /// <summary>
    /// Long-polls for the participant's next task (<c>GET /v1/campaigns/{id}/tasks/next</c>).
    /// </summary>
    /// <param name="credential">Participant credential.</param>
    /// <param name="wait">How long the silo may hold the request (clamped to 0–60 s).</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The task, or <see langword="null"/> when there is none yet (204).</returns>
    /// <exception cref="CampaignEndedException">The campaign has ended (410).</exception>
    public async Task<TrainingTask?> GetNextTaskAsync(ParticipantCredential credential, TimeSpan wait, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var seconds = (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 0, ApiConventions.MaxWaitSeconds);
        var path = string.Create(CultureInfo.InvariantCulture, $"{CampaignPath(credential.CampaignId)}/tasks/next?waitSeconds={seconds}");
        using var response = await SendAsync(
            "next task", idempotent: true, () => ParticipantRequest(HttpMethod.Get, path, credential), TimeSpan.FromSeconds(seconds), ct)
            .ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        return await ReadJsonAsync<TrainingTask>(response, ct).ConfigureAwait(false);
    }

    /// <summary>Downloads the current global model as a participant (<c>GET /v1/campaigns/{id}/model</c>).</summary>
    /// <param name="credential">Participant credential.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The model version and weights.</returns>
    public Task<ModelBlob> DownloadModelAsync(ParticipantCredential credential, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var path = CampaignPath(credential.CampaignId) + "/model";
        return DownloadModelCoreAsync(() => ParticipantRequest(HttpMethod.Get, path, credential), ct);
    }

    /// <summary>Downloads the current global model as an administrator (<c>GET /v1/campaigns/{id}/model</c>).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The model version and weights.</returns>
    public Task<ModelBlob> DownloadModelAsync(string campaignId, CancellationToken ct = default)
    {
        var path = CampaignPath(campaignId) + "/model";
        return DownloadModelCoreAsync(() => AdminRequest(HttpMethod.Get, path), ct);
    }

    /// <summary>
    /// Uploads the participant's trained weights for a round (<c>PUT /v1/campaigns/{id}/rounds/{round}/update</c>).
    /// Idempotent: a repeated identical upload is acknowledged with <see cref="SubmitReceipt.Duplicate"/> set.
    /// </summary>
    /// <param name="credential">Participant credential.</param>
    /// <param name="update">Round, sample count, training loss and weights.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The receipt, sent once the update is durable.</returns>
    public Task<SubmitReceipt> SubmitUpdateAsync(ParticipantCredential credential, UpdateBlob update, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(update);
        var body = TensorWire.EncodeUpdate(update);
        var path = string.Create(CultureInfo.InvariantCulture, $"{CampaignPath(credential.CampaignId)}/rounds/{update.Round}/update");
        return SendJsonAsync<SubmitReceipt>(
            "submit update",
            idempotent: true,
            () => OctetStreamPut(path, credential, body),
            ct);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>Enrollment is not retried: a repeat would enroll a second identity.</summary>
    private async Task<ParticipantCredential> EnrollCoreAsync(string operation, string path, string campaignId, EnrollRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var enrollment = await SendJsonAsync<Enrollment>(
            operation,
            idempotent: false,
            () => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(request, options: ApiJson.Options) },
            ct).ConfigureAwait(false);
        return new ParticipantCredential(campaignId, enrollment.ParticipantId, enrollment.Token);
    }

    private async Task<ModelBlob> DownloadModelCoreAsync(Func<HttpRequestMessage> request, CancellationToken ct)
    {
        using var response = await SendAsync("download model", idempotent: true, request, TimeSpan.Zero, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        ModelBlob model;
        try
        {
            model = TensorWire.DecodeModel(body);
        }
        catch (TensorWireException ex)
        {
            throw new InvalidDataException($"The silo sent a malformed model body: {ex.Message}", ex);
        }

        if (response.Headers.TryGetValues(ApiConventions.ModelVersionHeader, out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var headerVersion)
            && headerVersion != model.ModelVersion)
        {
            throw new InvalidDataException(
                $"The model body is version {model.ModelVersion} but its {ApiConventions.ModelVersionHeader} header says {headerVersion}.");
        }

        return model;
    }

    private Task<CampaignStatus> TransitionAsync(string campaignId, string action, CancellationToken ct)
        => SendJsonAsync<CampaignStatus>(
            action + " campaign", idempotent: false, () => AdminRequest(HttpMethod.Post, $"{CampaignPath(campaignId)}/{action}"), ct);

    private async Task<T> SendJsonAsync<T>(string operation, bool idempotent, Func<HttpRequestMessage> request, CancellationToken ct)
    {
        using var response = await SendAsync(operation, idempotent, request, TimeSpan.Zero, ct).ConfigureAwait(false);
        return await ReadJsonAsync<T>(response, ct).ConfigureAwait(false);
    }

    /// <summary>Sends with retries; returns a success response or throws the mapped problem.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        string operation, bool idempotent, Func<HttpRequestMessage> request, TimeSpan extraTimeout, CancellationToken ct)
    {
        var pipeline = idempotent ? _retry.Idempotent : _retry.NonIdempotent;
        var context = ResilienceContextPool.Shared.Get(operation, ct);
        HttpResponseMessage response;
        try
        {
            var state = (Client: this, Request: request, Timeout: _options.RequestTimeout + extraTimeout);
            response = await pipeline.ExecuteAsync(
                static (ctx, s) => s.Client.SendOnceAsync(s.Request, s.Timeout, ctx.CancellationToken), context, state).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemReader.ReadAsync(response, ct).ConfigureAwait(false);
        }
    }

    private async ValueTask<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> requestFactory, TimeSpan timeout, CancellationToken ct)
    {
        using var request = requestFactory();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(timeout);
        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            // Buffer the body inside the time limit so a silo dying mid-body fails this attempt (and is retried).
            await response.Content.LoadIntoBufferAsync(attempt.Token).ConfigureAwait(false);
            return response;
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The request to {request.RequestUri} did not complete within {timeout}.", ex);
        }
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, ct).ConfigureAwait(false)
                   ?? throw new InvalidDataException($"The silo answered {(int)response.StatusCode} with an empty JSON body.");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidDataException($"The silo answered {(int)response.StatusCode} with JSON that is not a {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    private HttpRequestMessage AdminRequest(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (_options.AdminToken is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    private static HttpRequestMessage ParticipantRequest(HttpMethod method, string path, ParticipantCredential credential)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.Token);
        return request;
    }

    /// <summary>A participant's PUT of a binary body (a fresh message per attempt; the bytes are shared).</summary>
    private static HttpRequestMessage OctetStreamPut(string path, ParticipantCredential credential, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(ApiConventions.OctetStream);
        var request = ParticipantRequest(HttpMethod.Put, path, credential);
        request.Content = content;
        return request;
    }

    private static string CampaignPath(string campaignId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        return "v1/campaigns/" + Uri.EscapeDataString(campaignId);
    }
}
