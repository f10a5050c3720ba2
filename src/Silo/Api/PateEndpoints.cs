using System.Collections.Immutable;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansFed.Grains.Pate;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Pate;
using OrleansFed.Runtime;
using OrleansFed.Silo.Hosting;
using OrleansFed.Silo.Problems;

namespace OrleansFed.Silo.Api;

/// <summary>
/// PATE routes (docs/pate.md): the operator configures the campaign, opens and answers batches and reads status, labels
/// and ledgers (admin token); teachers — participants enrolled in the campaign of the same id — read the open batch and
/// submit their own votes (participant token; a teacher may only vote as itself). Aggregated contributions (the sum a
/// secure-aggregation step unmasked) are submitted with the admin token. Errors are RFC 7807 problem+json.
/// </summary>
internal static class PateEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var pate = app.MapGroup("/v1/pate/{id}");
        pate.MapPut("/", ConfigureAsync);
        pate.MapPost("/batches", OpenNextBatchAsync);
        pate.MapGet("/batches/open", OpenBatchAsync);
        pate.MapPost("/batches/{batch:int}/votes", SubmitVotesAsync);
        pate.MapPost("/batches/{batch:int}/answer", AnswerAsync);
        pate.MapGet("/status", StatusAsync);
        pate.MapGet("/labels", LabelsAsync);
        pate.MapGet("/privacy", CampaignPrivacyAsync);
        pate.MapGet("/privacy/teachers/{teacher}", TeacherPrivacyAsync);
    }

    private static IPateCoordinatorGrain Coordinator(IGrainFactory grains, string id) => GrainKeys.IsCampaignId(id)
        ? grains.GetGrain<IPateCoordinatorGrain>(PateKeys.Coordinator(id))
        : throw new CampaignNotFoundException($"No campaign with id '{id}' exists.");

    private static async Task<IResult> ConfigureAsync(
        string id, HttpRequest request, IGrainFactory grains, SiloAuth auth, IOptions<SiloOptions> options, IOptions<JsonOptions> json)
    {
        if (!auth.IsAdmin(request.HttpContext))
        {
            return Problem.Unauthorized(request.HttpContext, "Configuring a PATE campaign requires the admin bearer token.");
        }

        var coordinator = Coordinator(grains, id);
        var spec = await RequestBody.ReadJsonAsync<PateCampaignSpec>(
            request, options.Value.MaxJsonBytes, json.Value.SerializerOptions, request.HttpContext.RequestAborted);
        if (spec.Aggregator is null || spec.QueryIds.IsDefault || spec.Teachers.IsDefault)
        {
            throw new InvalidRequestException("A PATE campaign needs classCount, queryIds, teachers and an aggregator.");
        }

        return TypedResults.Ok(await coordinator.ConfigureAsync(spec));
    }

    private static async Task<IResult> OpenNextBatchAsync(string id, HttpContext context, IGrainFactory grains, SiloAuth auth)
    {
        if (!auth.IsAdmin(context))
        {
            return Problem.Unauthorized(context, "Opening a batch requires the admin bearer token.");
        }

        return await Coordinator(grains, id).OpenNextBatchAsync() is { } batch ? TypedResults.Ok(batch) : TypedResults.NoContent();
    }

    private static async Task<IResult> OpenBatchAsync(string id, HttpContext context, IGrainFactory grains, SiloAuth auth)
    {
        var coordinator = Coordinator(grains, id);
        if (!auth.IsAdmin(context) && await auth.AuthenticateParticipantAsync(context, id) is null)
        {
            return Problem.Unauthorized(context, "A valid teacher (participant) or admin bearer token for this campaign is required.");
        }

        var status = await coordinator.GetStatusAsync();
        // Only an already open batch is returned: teachers never cause a new batch (and its budget decision) to be issued.
        return status.OpenBatch is null ? TypedResults.NoContent() : TypedResults.Ok(await coordinator.OpenNextBatchAsync());
    }

    private static async Task<IResult> SubmitVotesAsync(
        string id, int batch, HttpRequest request, IGrainFactory grains, SiloAuth auth, IOptions<SiloOptions> options, IOptions<JsonOptions> json)
    {
        var coordinator = Coordinator(grains, id);
        bool admin = auth.IsAdmin(request.HttpContext);
        var teacher = admin ? null : await auth.AuthenticateParticipantAsync(request.HttpContext, id);
        if (!admin && teacher is null)
        {
            return Problem.Unauthorized(request.HttpContext, "A valid teacher (participant) or admin bearer token for this campaign is required.");
        }

        var contribution = await RequestBody.ReadJsonAsync<VoteContribution>(
            request, options.Value.MaxJsonBytes, json.Value.SerializerOptions, request.HttpContext.RequestAborted);
        if (contribution.Teachers.IsDefault || contribution.Queries.IsDefault || contribution.Queries.Any(q => q is null || q.Counts.IsDefault))
        {
            throw new InvalidRequestException("A vote contribution needs teachers and queries with counts.");
        }

        if (teacher is not null && !(contribution.Teachers.Length == 1 && contribution.Teachers[0] == teacher))
        {
            throw new InvalidRequestException($"A teacher may only submit its own votes: the contribution must name exactly '{teacher}'.");
        }

        var status = await coordinator.GetStatusAsync();
        if (status.OpenBatch != batch)
        {
            throw new VoteTallyClosedException($"Batch {batch} is not open for votes.");
        }

        var result = await grains.GetGrain<IVoteTallyGrain>(PateKeys.VoteTally(id, batch)).SubmitAsync(contribution);
        return TypedResults.Ok(result);
    }

    private static async Task<IResult> AnswerAsync(string id, int batch, HttpContext context, IGrainFactory grains, SiloAuth auth)
    {
        if (!auth.IsAdmin(context))
        {
            return Problem.Unauthorized(context, "Answering a batch requires the admin bearer token.");
        }

        if (batch < 0)
        {
            throw new InvalidRequestException("The batch number must be non-negative.");
        }

        return TypedResults.Ok(await Coordinator(grains, id).AnswerBatchAsync(batch));
    }

    private static async Task<IResult> StatusAsync(string id, HttpContext context, IGrainFactory grains, SiloAuth auth) =>
        auth.IsAdmin(context)
            ? TypedResults.Ok(await Coordinator(grains, id).GetStatusAsync())
            : Problem.Unauthorized(context, "The PATE status requires the admin bearer token.");

    private static async Task<IResult> LabelsAsync(string id, HttpContext context, IGrainFactory grains, SiloAuth auth)
    {
        if (!auth.IsAdmin(context))
        {
            return Problem.Unauthorized(context, "The labeled set requires the admin bearer token.");
        }

        ImmutableArray<LabeledQuery> labels = await Coordinator(grains, id).GetLabelsAsync();
        using var buffer = new MemoryStream();
        LabeledSetFile.Write(buffer, labels);
        return TypedResults.Bytes(buffer.ToArray(), "text/csv; charset=utf-8");
    }

    private static async Task<IResult> CampaignPrivacyAsync(string id, HttpContext context, IGrainFactory grains, SiloAuth auth) =>
        auth.IsAdmin(context)
            ? TypedResults.Ok(await Coordinator(grains, id).GetCampaignPrivacyAsync())
            : Problem.Unauthorized(context, "The privacy ledger requires the admin bearer token.");

    private static async Task<IResult> TeacherPrivacyAsync(string id, string teacher, HttpContext context, IGrainFactory grains, SiloAuth auth) =>
        auth.IsAdmin(context)
            ? TypedResults.Ok(await Coordinator(grains, id).GetTeacherPrivacyAsync(teacher))
            : Problem.Unauthorized(context, "The privacy ledger requires the admin bearer token.");
}
