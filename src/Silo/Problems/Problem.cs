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

    public static Task WriteAsync(HttpContext context, string type, string detail, int? statusOverride = null) =>
        Of(type, detail, statusOverride).ExecuteAsync(context);
}
