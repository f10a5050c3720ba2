using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFed.Grains.Campaigns;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Runtime;
using OrleansFed.Silo.Hosting;
using OrleansFed.Silo.Problems;
using OrleansFed.Silo.Telemetry;

namespace OrleansFed.Silo.Api;

/// <summary>Participant endpoints: enroll, long-poll for a task, download the model, upload an update.</summary>
internal static class ParticipantEndpoints
{
    /// <summary>A long poll re-asks the campaign at least this often even without a change signal.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public static void Map(IEndpointRouteBuilder app)
    {
        var campaign = app.MapGroup("/v1/campaigns/{id}");
        campaign.MapPost("/participants", EnrollAsync);
        campaign.MapGet("/tasks/next", NextTaskAsync);
        campaign.MapGet("/model", ModelAsync);
        campaign.MapPut("/rounds/{round:int}/update", UploadAsync);
    }

    private static async Task<IResult> EnrollAsync(
        string id, HttpRequest request, IGrainFactory grains, IOptions<SiloOptions> options, IOptions<JsonOptions> json)
    {
        var grain = AdminEndpoints.Campaign(grains, id);
        var enroll = await RequestBody.ReadJsonAsync<EnrollRequest>(
            request, options.Value.MaxJsonBytes, json.Value.SerializerOptions, request.HttpContext.RequestAborted);
        var enrollment = await grain.EnrollAsync(enroll);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created((string?)null, enrollment);
    }

    private static async Task<IResult> NextTaskAsync(
        string id, int? waitSeconds, HttpContext context, IGrainFactory grains, SiloAuth auth, CampaignChangeFeed changes,
        SiloTelemetry telemetry, IOptions<SiloOptions> options, TimeProvider time)
    {
        var grain = AdminEndpoints.Campaign(grains, id);
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

        var until = time.GetUtcNow().AddSeconds(Math.Min(wait, options.Value.LongPollMaxSeconds));
        var offer = await LongPoll.UntilAsync(
            changes, id, until, PollInterval, time, () => grain.GetNextTaskAsync(participantId),
            o => o.Kind != TaskOfferKind.None, context.RequestAborted);
        switch (offer.Kind)
        {
            case TaskOfferKind.Assigned:
                telemetry.LongPolls.Add(1, new KeyValuePair<string, object?>("outcome", "assigned"));
                return TypedResults.Ok(offer.Task);
            case TaskOfferKind.CampaignEnded:
                telemetry.LongPolls.Add(1, new KeyValuePair<string, object?>("outcome", "ended"));
                return Problem.Of(ProblemTypes.CampaignEnded, string.Create(CultureInfo.InvariantCulture,
                    $"Campaign '{id}' has ended ({offer.State}). {offer.Message}").TrimEnd());
            default:
                telemetry.LongPolls.Add(1, new KeyValuePair<string, object?>("outcome", "none"));
                return TypedResults.NoContent();
        }
    }

    private static async Task<IResult> ModelAsync(string id, HttpContext context, IGrainFactory grains, SiloAuth auth)
    {
        var grain = AdminEndpoints.Campaign(grains, id);
        if (!auth.IsAdmin(context) && await auth.AuthenticateParticipantAsync(context, id) is null)
        {
            return Problem.Unauthorized(context);
        }

        var model = await grain.GetModelAsync();
        context.Response.Headers[ApiConventions.ModelVersionHeader] = model.ModelVersion.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Bytes(TensorWire.EncodeModel(model), ApiConventions.OctetStream);
    }

    private static async Task<IResult> UploadAsync(
        string id, int round, HttpContext context, IGrainFactory grains, SiloAuth auth, SiloTelemetry telemetry,
        IOptions<SiloOptions> options, ILoggerFactory loggers)
    {
        using var activity = telemetry.ActivitySource.StartActivity("update.upload");
        activity?.SetTag("orleansfed.campaign", id);
        activity?.SetTag("orleansfed.round", round);
        var grain = AdminEndpoints.Campaign(grains, id);
        try
        {
            var participantId = await auth.AuthenticateParticipantAsync(context, id);
            if (participantId is null)
            {
                Reject(ProblemTypes.Unauthorized);
                return Problem.Unauthorized(context);
            }

            RequestBody.RequireOctetStream(context.Request);

            var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxUpdateBytes, context.RequestAborted);
            var update = TensorWire.DecodeUpdate(body);
            if (update.Round != round)
            {
                throw new TensorWireException(TensorWireError.InvalidHeader, string.Create(CultureInfo.InvariantCulture,
                    $"The body is for round {update.Round} but was uploaded to round {round}."));
            }

            var receipt = await grain.SubmitUpdateAsync(participantId, update);
            telemetry.UpdateBytes.Record(body.Length);
            activity?.SetTag("orleansfed.duplicate", receipt.Duplicate);
            return TypedResults.Accepted((string?)null, receipt);
        }
        catch (Exception ex) when (ex is FederationException or TensorWireException or BadHttpRequestException)
        {
            var (type, _) = ProblemMiddleware.Classify(ex);
            Reject(type);
            throw;
        }

        void Reject(string type)
        {
            telemetry.RejectUpdate(type);
            activity?.SetStatus(ActivityStatusCode.Error, type);
            SiloLog.UpdateRejected(loggers.CreateLogger("OrleansFed.Silo.Updates"), id, round, type);
        }
    }
}
