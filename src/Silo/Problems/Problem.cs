using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace OrleansFed.Silo.Problems;

/// <summary>Builds RFC 7807 <c>application/problem+json</c> results with the silo's stable problem types.</summary>
internal static class Problem
{
    public static IResult Of(string type, string detail, int? statusOverride = null)
    {
        var (status, title) = ProblemCatalog.Get(type);
        // ASP.NET Core's problem details service adds "traceId" (the request activity's W3C id).
        var problem = new ProblemDetails { Type = type, Title = title, Status = statusOverride ?? status, Detail = detail };
        return TypedResults.Problem(problem);
    }

    /// <summary>The participant routes' usual 401 detail.</summary>
    public const string ParticipantTokenRequired = "A valid participant bearer token for this campaign is required.";

    /// <summary>A 401 <c>unauthorized</c> problem with the <c>WWW-Authenticate: Bearer</c> challenge.</summary>
    public static IResult Unauthorized(HttpContext context, string detail = ParticipantTokenRequired)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Of(Interfaces.Api.ProblemTypes.Unauthorized, detail);
    }

    public static Task WriteAsync(HttpContext context, string type, string detail, int? statusOverride = null) =>
        Of(type, detail, statusOverride).ExecuteAsync(context);
}
