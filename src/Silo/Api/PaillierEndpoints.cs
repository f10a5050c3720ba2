using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Paillier;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Runtime;
using OrleansFed.Silo.Hosting;
using OrleansFed.Silo.Problems;

namespace OrleansFed.Silo.Api;

/// <summary>
/// Endpoints of the <c>paillier</c> privacy mode: the key holder publishes the public key and, after each round's
/// collection, downloads the encrypted sum and uploads the average; participants upload ciphertext vectors. The
/// silo only stores public keys and ciphertext sums.
/// </summary>
internal static class PaillierEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var campaign = app.MapGroup("/v1/campaigns/{id}");
        campaign.MapPut("/paillier/public-key", PublishKeyAsync);
        campaign.MapGet("/paillier/public-key", GetKeyAsync);
        campaign.MapPut("/rounds/{round:int}/paillier-update", UploadAsync);
        campaign.MapGet("/rounds/{round:int}/paillier-sum", SumAsync);
        campaign.MapPut("/rounds/{round:int}/paillier-average", AverageAsync);
    }

    private static IPaillierCampaignGrain Campaign(IGrainFactory grains, string id) => GrainKeys.IsCampaignId(id)
        ? grains.GetGrain<IPaillierCampaignGrain>(GrainKeys.Campaign(id))
        : throw new CampaignNotFoundException($"No campaign with id '{id}' exists.");

    private static async Task<IResult> PublishKeyAsync(
        string id, HttpContext context, IGrainFactory grains, SiloAuth auth, IOptions<SiloOptions> options, IOptions<JsonOptions> json)
    {
        var grain = Campaign(grains, id);
        if (await auth.AuthenticateParticipantAsync(context, id) is not { } participantId)
        {
            return Problem.Unauthorized(context);
        }

        var upload = await RequestBody.ReadJsonAsync<PaillierKeyUpload>(
            context.Request, options.Value.MaxJsonBytes, json.Value.SerializerOptions, context.RequestAborted);
        return TypedResults.Ok(await grain.PublishKeyAsync(participantId, upload));
    }

    private static async Task<IResult> GetKeyAsync(string id, HttpContext context, IGrainFactory grains, SiloAuth auth)
    {
        var grain = Campaign(grains, id);
        if (!auth.IsAdmin(context) && await auth.AuthenticateParticipantAsync(context, id) is null)
        {
            return Problem.Unauthorized(context);
        }

        return TypedResults.Ok(await grain.GetKeyAsync());
    }

    private static async Task<IResult> UploadAsync(
        string id, int round, HttpContext context, IGrainFactory grains, SiloAuth auth, IOptions<SiloOptions> options)
    {
        var grain = Campaign(grains, id);
        if (await auth.AuthenticateParticipantAsync(context, id) is not { } participantId)
        {
            return Problem.Unauthorized(context);
        }

        var body = await ReadBinaryAsync(context, options.Value.MaxUpdateBytes);
        var update = PaillierWire.Decode(body);
        if (update.Round != round)
        {
            throw new TensorWireException(TensorWireError.InvalidHeader, string.Create(CultureInfo.InvariantCulture,
                $"The body is for round {update.Round} but was uploaded to round {round}."));
        }

        return TypedResults.Accepted((string?)null, await grain.SubmitCiphertextsAsync(participantId, update));
    }

    private static async Task<IResult> SumAsync(string id, int round, int? attempt, HttpContext context, IGrainFactory grains, SiloAuth auth)
    {
        var grain = Campaign(grains, id);
        if (await auth.AuthenticateParticipantAsync(context, id) is not { } participantId)
        {
            return Problem.Unauthorized(context);
        }

        var sum = await grain.GetEncryptedSumAsync(participantId, round, RequireAttempt(attempt));
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Bytes(PaillierWire.Encode(sum), ApiConventions.OctetStream);
    }

    private static async Task<IResult> AverageAsync(
        string id, int round, int? attempt, HttpContext context, IGrainFactory grains, SiloAuth auth, IOptions<SiloOptions> options)
    {
        var grain = Campaign(grains, id);
        if (await auth.AuthenticateParticipantAsync(context, id) is not { } participantId)
        {
            return Problem.Unauthorized(context);
        }

        var a = RequireAttempt(attempt);
        var body = await ReadBinaryAsync(context, options.Value.MaxUpdateBytes);
        var average = TensorWire.DecodeUpdate(body);
        if (average.Round != round)
        {
            throw new TensorWireException(TensorWireError.InvalidHeader, string.Create(CultureInfo.InvariantCulture,
                $"The body is for round {average.Round} but was uploaded to round {round}."));
        }

        return TypedResults.Accepted((string?)null, await grain.SubmitAverageAsync(participantId, a, average));
    }

    private static int RequireAttempt(int? attempt) => attempt is >= 1
        ? attempt.Value
        : throw new InvalidRequestException("The query parameter 'attempt' (≥ 1) is required.");

    private static async Task<byte[]> ReadBinaryAsync(HttpContext context, long limit)
    {
        RequestBody.RequireOctetStream(context.Request);

        return await RequestBody.ReadAsync(context.Request, limit, context.RequestAborted);
    }
}
