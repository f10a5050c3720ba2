using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Runtime;
using OrleansFed.Silo.Hosting;
using OrleansFed.Silo.Problems;

namespace OrleansFed.Silo.Api;

/// <summary>Admin endpoints: create, list, inspect, pause, resume, stop campaigns; round history.</summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var campaigns = app.MapGroup("/v1/campaigns").AddEndpointFilter(RequireAdmin);
        campaigns.MapPost("/", CreateAsync);
        campaigns.MapGet("/", ListAsync);
        campaigns.MapGet("/{id}", GetAsync);
        campaigns.MapPost("/{id}/pause", (string id, IGrainFactory grains) => TransitionAsync(id, grains, g => g.PauseAsync()));
        campaigns.MapPost("/{id}/resume", (string id, IGrainFactory grains) => TransitionAsync(id, grains, g => g.ResumeAsync()));
        campaigns.MapPost("/{id}/stop", (string id, IGrainFactory grains) => TransitionAsync(id, grains, g => g.StopAsync()));
        campaigns.MapGet("/{id}/rounds", HistoryAsync);
    }

    /// <summary>Gets a campaign grain for a route id, or throws 404 for ids that cannot exist.</summary>
    public static ICampaignGrain Campaign(IGrainFactory grains, string id) => GrainKeys.IsCampaignId(id)
        ? grains.GetGrain<ICampaignGrain>(GrainKeys.Campaign(id))
        : throw new CampaignNotFoundException($"No campaign with id '{id}' exists.");

    private static async ValueTask<object?> RequireAdmin(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var auth = context.HttpContext.RequestServices.GetRequiredService<SiloAuth>();
        if (!auth.IsAdmin(context.HttpContext))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Problem.Of(ProblemTypes.Unauthorized, "This endpoint requires the admin bearer token.");
        }

        return await next(context);
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest request, IGrainFactory grains, IOptions<SiloOptions> options, IOptions<JsonOptions> json)
    {
        var config = await RequestBody.ReadJsonAsync<CampaignConfig>(
            request, options.Value.MaxJsonBytes, json.Value.SerializerOptions, request.HttpContext.RequestAborted);
        var id = config.Id ?? "c-" + RandomNumberGenerator.GetHexString(12, lowercase: true);
        if (!GrainKeys.IsCampaignId(id))
        {
            throw new InvalidRequestException("Invalid campaign configuration: id must match [a-z0-9-]{1,64}.");
        }

        var status = await grains.GetGrain<ICampaignGrain>(GrainKeys.Campaign(id)).CreateAsync(config with { Id = id });
        return TypedResults.Created($"/v1/campaigns/{id}", status);
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains)
    {
        var ids = await grains.GetGrain<ICampaignRegistryGrain>(GrainKeys.Registry).ListAsync();
        var statuses = ImmutableArray.CreateBuilder<CampaignStatus>(ids.Length);
        foreach (var id in ids)
        {
            if (await grains.GetGrain<ICampaignGrain>(GrainKeys.Campaign(id)).GetStatusAsync() is { } status)
            {
                statuses.Add(status);
            }
        }

        return TypedResults.Ok(statuses.ToImmutable());
    }

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains) =>
        await Campaign(grains, id).GetStatusAsync() is { } status
            ? TypedResults.Ok(status)
            : throw new CampaignNotFoundException($"No campaign with id '{id}' exists.");

    private static async Task<IResult> TransitionAsync(string id, IGrainFactory grains, Func<ICampaignGrain, Task<CampaignStatus>> transition) =>
        TypedResults.Ok(await transition(Campaign(grains, id)));

    private static async Task<IResult> HistoryAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(await Campaign(grains, id).GetHistoryAsync());
}
