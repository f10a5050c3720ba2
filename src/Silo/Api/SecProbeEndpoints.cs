using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansFed.Grains.Campaigns;
using OrleansFed.Grains.Ledger;
using OrleansFed.Grains.SecProbe;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.SecProbe;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Runtime;
using OrleansFed.Silo.Hosting;
using OrleansFed.Silo.Problems;

namespace OrleansFed.Silo.Api;

/// <summary>
/// SecProbe routes (docs/secprobe.md): the operator configures a campaign on one of the silo's named validation sets and
/// reads its status and ledgers (admin token); participants enroll in it (its own enrollment, separate from ordinary
/// campaigns: ids and ledgers live under <see cref="SecProbeKeys.Scope"/>), read the current round and the global
/// weights and upload their sanitized weights (participant token). Uploads are the
/// model wire format whose version is the model they were trained from (round − 1). Errors are RFC 7807 problem+json.
/// </summary>
internal static class SecProbeEndpoints
{
    /// <summary>A long poll re-asks the campaign at least this often even without a change signal.</summary>
    private static readonly TimeSpan FallbackPoll = TimeSpan.FromSeconds(2);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/secprobe", ListAsync);
        var secprobe = app.MapGroup("/v1/secprobe/{id}");
        secprobe.MapPut("/", ConfigureAsync);
        secprobe.MapPost("/participants", EnrollAsync);
        secprobe.MapGet("/status", StatusAsync);
        secprobe.MapPost("/stop", StopAsync);
        secprobe.MapGet("/round", RoundAsync);
        secprobe.MapGet("/model", ModelAsync);
        secprobe.MapPost("/rounds/{round:int}/claim", ClaimAsync);
        secprobe.MapDelete("/rounds/{round:int}/claim", ReleaseClaimAsync);
        secprobe.MapPut("/rounds/{round:int}/upload", UploadAsync);
        secprobe.MapGet("/privacy", CampaignPrivacyAsync);
        secprobe.MapGet("/privacy/participants/{participant}", ParticipantPrivacyAsync);
    }

    private static ISecProbeCampaignGrain Campaign(IGrainFactory grains, string id) => GrainKeys.IsCampaignId(id)
        ? grains.GetGrain<ISecProbeCampaignGrain>(SecProbeKeys.Campaign(id))
        : throw new CampaignNotFoundException($"No campaign with id '{id}' exists.");

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains, SiloAuth auth)
    {
        if (!auth.IsAdmin(context))
        {
            return Problem.Unauthorized(context, "Listing SecProbe campaigns requires the admin bearer token.");
        }

        var ids = await grains.GetGrain<ICampaignRegistryGrain>(SecProbeKeys.Registry).ListAsync();
        var list = new List<SecProbeCampaignStatus>(ids.Length);
        foreach (var id in ids)
        {
            list.Add(await Campaign(grains, id).GetStatusAsync());
        }

        return TypedResults.Ok(list);
    }

    private static async Task<IResult> ConfigureAsync(
        string id, HttpRequest request, IGrainFactory grains, SiloAuth auth, IOptions<SiloOptions> options, IOptions<JsonOptions> json)
    {
        if (!auth.IsAdmin(request.HttpContext))
        {
            return Problem.Unauthorized(request.HttpContext, "Configuring a SecProbe campaign requires the admin bearer token.");
        }

        var campaign = Campaign(grains, id);
        var spec = await RequestBody.ReadJsonAsync<SecProbeCampaignSpec>(
            request, options.Value.MaxJsonBytes, json.Value.SerializerOptions, request.HttpContext.RequestAborted);
        if (spec.ValidationSet is null || spec.SelectionMechanism is null || spec.CoefficientRelease is null)
        {
            throw new InvalidRequestException("validationSet, selectionMechanism and coefficientRelease must not be null.");
        }

        return TypedResults.Ok(await campaign.ConfigureAsync(spec));
    }

    private static async Task<IResult> EnrollAsync(
        string id, HttpRequest request, IGrainFactory grains, IOptions<SiloOptions> options, IOptions<JsonOptions> json)
    {
        var campaign = Campaign(grains, id);
        var enroll = await RequestBody.ReadJsonAsync<EnrollRequest>(
            request, options.Value.MaxJsonBytes, json.Value.SerializerOptions, request.HttpContext.RequestAborted);
        var enrollment = await campaign.EnrollAsync(enroll);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created((string?)null, enrollment);
    }

    private static async Task<IResult> StatusAsync(string id, HttpContext context, IGrainFactory grains, SiloAuth auth) =>
        auth.IsAdmin(context)
            ? TypedResults.Ok(await Campaign(grains, id).GetStatusAsync())
            : Problem.Unauthorized(context, "The SecProbe status requires the admin bearer token.");

    private static async Task<IResult> StopAsync(string id, HttpContext context, IGrainFactory grains, SiloAuth auth) =>
        auth.IsAdmin(context)
            ? TypedResults.Ok(await Campaign(grains, id).StopAsync())
            : Problem.Unauthorized(context, "Stopping a SecProbe campaign requires the admin bearer token.");

    private static async Task<IResult> RoundAsync(
        string id, int? afterRound, int? waitSeconds, HttpContext context, IGrainFactory grains, SiloAuth auth,
        CampaignChangeFeed changes, IOptions<SiloOptions> options, TimeProvider time)
    {
        var campaign = Campaign(grains, id);
        if (!auth.IsAdmin(context) && await auth.AuthenticateParticipantAsync(context, SecProbeKeys.Scope(id)) is null)
        {
            return Problem.Unauthorized(context, "A valid participant or admin bearer token for this campaign is required.");
        }

        int wait = waitSeconds ?? 0;
        if (wait is < 0 or > ApiConventions.MaxWaitSeconds || afterRound is < 0)
        {
            throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                $"waitSeconds must be between 0 and {ApiConventions.MaxWaitSeconds} and afterRound at least 0 (got {wait} and {afterRound})."));
        }

        // Long poll: with afterRound = r, answer once the campaign is past round r (or has ended), at the latest after
        // waitSeconds with the view as it then is.
        var until = time.GetUtcNow().AddSeconds(Math.Min(wait, options.Value.LongPollMaxSeconds));
        var view = await LongPoll.UntilAsync(
            changes, SecProbeKeys.Scope(id), until, FallbackPoll, time, () => campaign.GetRoundAsync(),
            v => afterRound is not { } after || v.Round > after || v.Ended, context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(view);
    }

    private static async Task<IResult> ModelAsync(string id, HttpContext context, IGrainFactory grains, SiloAuth auth)
    {
        var campaign = Campaign(grains, id);
        if (!auth.IsAdmin(context) && await auth.AuthenticateParticipantAsync(context, SecProbeKeys.Scope(id)) is null)
        {
            return Problem.Unauthorized(context, "A valid participant or admin bearer token for this campaign is required.");
        }

        var model = await campaign.GetModelAsync();
        context.Response.Headers[ApiConventions.ModelVersionHeader] = model.ModelVersion.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Bytes(TensorWire.EncodeModel(model), ApiConventions.OctetStream);
    }

    private static async Task<IResult> ClaimAsync(string id, int round, HttpContext context, IGrainFactory grains, SiloAuth auth)
    {
        var campaign = Campaign(grains, id);
        var participant = await auth.AuthenticateParticipantAsync(context, SecProbeKeys.Scope(id));
        return participant is null
            ? Problem.Unauthorized(context, "Claiming a place requires a valid participant bearer token for this campaign.")
            : TypedResults.Ok(await campaign.ClaimAsync(participant, round));
    }

    private static async Task<IResult> ReleaseClaimAsync(string id, int round, HttpContext context, IGrainFactory grains, SiloAuth auth)
    {
        var campaign = Campaign(grains, id);
        if (await auth.AuthenticateParticipantAsync(context, SecProbeKeys.Scope(id)) is not { } participant)
        {
            return Problem.Unauthorized(context, "Giving back a place requires a valid participant bearer token for this campaign.");
        }

        await campaign.ReleaseClaimAsync(participant, round);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> UploadAsync(
        string id, int round, HttpContext context, IGrainFactory grains, SiloAuth auth, IOptions<SiloOptions> options)
    {
        var campaign = Campaign(grains, id);
        var participant = await auth.AuthenticateParticipantAsync(context, SecProbeKeys.Scope(id));
        if (participant is null)
        {
            return Problem.Unauthorized(context, "Uploading requires a valid participant bearer token for this campaign.");
        }

        RequestBody.RequireOctetStream(context.Request);

        // Refuse an over-budget participant before its body is read: the silo never receives the release.
        await campaign.AdmitUploadAsync(participant, round);
        var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxUpdateBytes, context.RequestAborted);
        var upload = TensorWire.DecodeModel(body);
        if (upload.ModelVersion != round - 1L)
        {
            throw new TensorWireException(TensorWireError.InvalidHeader, string.Create(CultureInfo.InvariantCulture,
                $"The body says it was trained from model version {upload.ModelVersion}; an upload to round {round} is trained from version {round - 1}."));
        }

        return TypedResults.Ok(await campaign.UploadAsync(participant, round, upload.Weights.ToArray()));
    }

    private static async Task<IResult> CampaignPrivacyAsync(string id, HttpContext context, IGrainFactory grains, SiloAuth auth)
    {
        if (!auth.IsAdmin(context))
        {
            return Problem.Unauthorized(context, "The campaign's privacy ledger requires the admin bearer token.");
        }

        await Campaign(grains, id).GetRoundAsync();
        return TypedResults.Ok(await SpentAsync(grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger(SecProbeKeys.Scope(id))), "campaign"));
    }

    private static async Task<IResult> ParticipantPrivacyAsync(string id, string participant, HttpContext context, IGrainFactory grains, SiloAuth auth)
    {
        // The operator may read any participant's ledger; a participant only its own.
        if (!auth.IsAdmin(context) && await auth.AuthenticateParticipantAsync(context, SecProbeKeys.Scope(id)) != participant)
        {
            return Problem.Unauthorized(context, "A participant's ledger requires the admin token or that participant's own token.");
        }

        if (!GrainKeys.IsParticipantId(participant))
        {
            throw new InvalidRequestException($"'{participant}' is not a participant id.");
        }

        await Campaign(grains, id).GetRoundAsync();
        return TypedResults.Ok(await SpentAsync(
            grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger(SecProbeKeys.Scope(id), participant)), participant));
    }

    private static async Task<SecProbePrivacySpent> SpentAsync(IPrivacyLedgerGrain ledger, string name)
    {
        var rounds = (await ledger.GetEntriesAsync()).Select(e => SecProbeKeys.RoundOfLedgerEntry(e.Id)).OfType<int>().Order();
        return new SecProbePrivacySpent(name, await ledger.GetEpsilonAsync("composition", 0), [.. rounds]);
    }
}
