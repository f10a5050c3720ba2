using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace OrleansFed.Silo.Problems;

/// <summary>Builds RFC 7807 <c>application/problem+json</c> results with the silo's stable problem types.</summary>
internal static class Problem
{
    public static IResult Of(string type, string detail, int? statusOverride = null)
    {
        var (status, title) = ProblemCatalog.Get(type);
        var problem = new ProblemDetails { Type = type, Title = title, Status = statusOverride ?? status, Detail = detail };
        if (Activity.Current is { } activity)
        {
            problem.Extensions["traceId"] = activity.TraceId.ToString();
        }

        return TypedResults.Problem(problem);
    }

    public static Task WriteAsync(HttpContext context, string type, string detail, int? statusOverride = null) =>
        Of(type, detail, statusOverride).ExecuteAsync(context);
}
