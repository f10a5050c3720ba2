using System.Net;

namespace OrleansFed.Client;

/// <summary>
/// An error response from the OrleansFed HTTP API, carrying the RFC 7807 problem fields. <see cref="Type"/> is one of
/// the stable URIs of <see cref="OrleansFed.Interfaces.Api.ProblemTypes"/> when the silo produced the error.
/// </summary>
public class OrleansFedApiException : Exception
{
    /// <summary>Creates the exception from a problem response.</summary>
    /// <param name="status">HTTP status code.</param>
    /// <param name="type">Problem <c>type</c> URI (<c>about:blank</c> when the response carried none).</param>
    /// <param name="title">Problem <c>title</c>.</param>
    /// <param name="detail">Problem <c>detail</c>, if any.</param>
    public OrleansFedApiException(HttpStatusCode status, string type, string title, string? detail)
        : base(FormatMessage(status, type, title, detail))
    {
        Status = status;
        Type = type;
        Title = title;
        Detail = detail;
    }

    /// <summary>The problem type used when a response carries none (RFC 7807 §4.2).</summary>
    public const string AboutBlank = "about:blank";

    /// <summary>HTTP status code of the response.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>Problem <c>type</c> URI.</summary>
    public string Type { get; }

    /// <summary>Problem <c>title</c>: a short, stable summary of the error kind.</summary>
    public string Title { get; }

    /// <summary>Problem <c>detail</c>: what exactly was wrong with this request, if the server said.</summary>
    public string? Detail { get; }

    /// <summary>
    /// <see langword="true"/> for errors worth retrying later (5xx, 408 Request Timeout, 429 Too Many Requests);
    /// <see langword="false"/> for every other 4xx, which a retry cannot fix.
    /// </summary>
    public bool IsTransient => TransientFailures.IsTransientStatus(Status);

    private static string FormatMessage(HttpStatusCode status, string type, string title, string? detail)
        => detail is null
            ? $"{(int)status} {title} ({type})"
            : $"{(int)status} {title}: {detail} ({type})";
}
