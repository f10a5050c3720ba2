using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFed.Grains.Campaigns;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.SecAgg;
using OrleansFed.Runtime;
using OrleansFed.Silo.Hosting;
using OrleansFed.Silo.Problems;
using OrleansFed.Silo.Telemetry;

namespace OrleansFed.Silo.Api;

/// <summary>
/// Participant endpoints of the <c>secagg</c> privacy mode, under <c>/v1/campaigns/{id}/rounds/{round}/secagg</c>:
/// the participant's view (long-polled), then one message per step — keys, encrypted shares, the masked input (binary
/// little-endian uint32 words) and the revealed shares. Every message is durable before its 202 receipt; a bad
/// message gets a problem+json 4xx and changes nothing. Nothing here logs or traces message contents.
/// </summary>
internal static class SecAggEndpoints
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static void Map(IEndpointRouteBuilder app)
    {
        var secagg = app.MapGroup("/v1/campaigns/{id}/rounds/{round:int}/secagg");
        secagg.MapGet(string.Empty, ViewAsync);
        secagg.MapPost("/keys", KeysAsync);
        secagg.MapPost("/shares", SharesAsync);
        secagg.MapPut("/masked-input", MaskedInputAsync);
        secagg.MapPost("/unmask", UnmaskAsync);
    }

    private static async Task<IResult> ViewAsync(
        string id, int round, int? waitSeconds, string? afterPhase, HttpContext context, IGrainFactory grains, SiloAuth auth,
        CampaignChangeFeed changes, IOptions<SiloOptions> options, TimeProvider time)
    {
        var participantId = await auth.AuthenticateParticipantAsync(context, id);
        if (participantId is null)
        {
            return Problem.Unauthorized(context);
        }

        var wait = waitSeconds ?? 0;
        if (wait is < 0 or > ApiConventions.MaxWaitSeconds)
        {
            throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                $"waitSeconds must be between 0 and {ApiConventions.MaxWaitSeconds} (got {wait})."));
        }

        SecAggPhase? after = null;
        if (afterPhase is not null)
        {
            after = Enum.TryParse<SecAggPhase>(afterPhase, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new InvalidRequestException($"afterPhase must be one of: {string.Join(", ", Enum.GetNames<SecAggPhase>())}.");
        }

        var grain = grains.GetGrain<ISecAggCampaignGrain>(id);
        var until = time.GetUtcNow().AddSeconds(Math.Min(wait, options.Value.LongPollMaxSeconds));
        var view = await LongPoll.UntilAsync(
            changes, id, until, PollInterval, time, () => grain.GetSecAggViewAsync(participantId, round),
            v => after is null || v.Phase != after, context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(view);
    }

    private static Task<IResult> KeysAsync(
        string id, int round, HttpContext context, IGrainFactory grains, SiloAuth auth, SiloTelemetry telemetry,
        IOptions<SiloOptions> options, IOptions<JsonOptions> json, ILoggerFactory loggers) =>
        StepAsync(id, round, context, auth, telemetry, loggers, async participantId =>
        {
            var keys = await RequestBody.ReadJsonAsync<SecAggPublicKeys>(
                context.Request, options.Value.MaxJsonBytes, json.Value.SerializerOptions, context.RequestAborted);
            return await grains.GetGrain<ISecAggCampaignGrain>(id).AdvertiseKeysAsync(participantId, round, keys);
        });

    private static Task<IResult> SharesAsync(
        string id, int round, HttpContext context, IGrainFactory grains, SiloAuth auth, SiloTelemetry telemetry,
        IOptions<SiloOptions> options, IOptions<JsonOptions> json, ILoggerFactory loggers) =>
        StepAsync(id, round, context, auth, telemetry, loggers, async participantId =>
        {
            var shares = await RequestBody.ReadJsonAsync<SecAggShareKeys>(
                context.Request, options.Value.MaxJsonBytes, json.Value.SerializerOptions, context.RequestAborted);
            return await grains.GetGrain<ISecAggCampaignGrain>(id).ShareKeysAsync(participantId, round, shares);
        });

    private static Task<IResult> MaskedInputAsync(
        string id, int round, int? attempt, HttpContext context, IGrainFactory grains, SiloAuth auth, SiloTelemetry telemetry,
        IOptions<SiloOptions> options, ILoggerFactory loggers) =>
        StepAsync(id, round, context, auth, telemetry, loggers, async participantId =>
        {
            if (attempt is not { } a)
            {
                throw new InvalidRequestException("The attempt query parameter is required.");
            }

            RequestBody.RequireOctetStream(context.Request);

            var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxUpdateBytes, context.RequestAborted);
            if (body.Length == 0 || body.Length % sizeof(uint) != 0)
            {
                throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                    $"The masked input must be little-endian uint32 words; got {body.Length} bytes."));
            }

            var words = MemoryMarshal.Cast<byte, uint>(body).ToArray();
            var ack = await grains.GetGrain<ISecAggCampaignGrain>(id).SubmitMaskedInputAsync(participantId, round, a, words);
            telemetry.UpdateBytes.Record(body.Length);
            return ack;
        });

    private static Task<IResult> UnmaskAsync(
        string id, int round, HttpContext context, IGrainFactory grains, SiloAuth auth, SiloTelemetry telemetry,
        IOptions<SiloOptions> options, IOptions<JsonOptions> json, ILoggerFactory loggers) =>
        StepAsync(id, round, context, auth, telemetry, loggers, async participantId =>
        {
            var unmasking = await RequestBody.ReadJsonAsync<SecAggUnmasking>(
                context.Request, options.Value.MaxJsonBytes, json.Value.SerializerOptions, context.RequestAborted);
            return await grains.GetGrain<ISecAggCampaignGrain>(id).UnmaskAsync(participantId, round, unmasking);
        });

    private static async Task<IResult> StepAsync(
        string id, int round, HttpContext context, SiloAuth auth, SiloTelemetry telemetry, ILoggerFactory loggers,
        Func<string, Task<SecAggAck>> step)
    {
        using var activity = telemetry.ActivitySource.StartActivity("secagg.step");
        activity?.SetTag("orleansfed.campaign", id);
        activity?.SetTag("orleansfed.round", round);
        try
        {
            var participantId = await auth.AuthenticateParticipantAsync(context, id);
            if (participantId is null)
            {
                Reject(ProblemTypes.Unauthorized);
                return Problem.Unauthorized(context);
            }

            var ack = await step(participantId);
            activity?.SetTag("orleansfed.secagg.phase", ack.Phase.ToString());
            return TypedResults.Accepted((string?)null, ack);
        }
        catch (Exception ex) when (ex is FederationException or BadHttpRequestException or System.Text.Json.JsonException)
        {
            var (type, _) = ProblemMiddleware.Classify(ex);
            Reject(type);
            throw;
        }

        void Reject(string type)
        {
            telemetry.RejectUpdate(type);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, type);
            SiloLog.UpdateRejected(loggers.CreateLogger("OrleansFed.Silo.SecAgg"), id, round, type);
        }
    }
}
