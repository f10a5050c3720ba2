using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Runtime;
using OrleansFed.Silo.Telemetry;

namespace OrleansFed.Silo.Problems;

/// <summary>
/// Turns every failure into RFC 7807 problem+json: domain exceptions by their problem type, codec errors, bad JSON,
/// Kestrel's body-size and bad-request errors, unhandled exceptions (500, details only in the log), and bodiless error
/// statuses such as routing's 404 and 405.
/// </summary>
internal sealed class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return;
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            var (type, detail) = Classify(ex);
            if (type == ProblemTypes.Internal || type == ProblemTypes.Unavailable)
            {
                SiloLog.UnhandledException(logger, ex, context.Request.Method, context.Request.Path);
            }

            context.Response.Clear();
            await WriteAsync(context, type, detail);
            return;
        }

        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null &&
            string.IsNullOrEmpty(response.ContentType))
        {
            var type = ProblemCatalog.ForStatus(response.StatusCode);
            var detail = response.StatusCode switch
            {
                StatusCodes.Status404NotFound => $"No resource at {context.Request.Path}.",
                StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}.",
                _ => $"The request failed with status {response.StatusCode}.",
            };
            // Keep the status the pipeline chose (e.g. 404, 405, or a binding failure's 400).
            await Problem.WriteAsync(context, type, detail, response.StatusCode);
        }
    }

    public static Task WriteAsync(HttpContext context, string type, string detail)
    {
        if (type == ProblemTypes.Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return Problem.WriteAsync(context, type, detail);
    }

    internal static (string Type, string Detail) Classify(Exception ex) => ex switch
    {
        FederationException f => (f.ProblemType, f.Message),
        TensorWireException { Error: TensorWireError.NonFinite } w => (ProblemTypes.NonFinite, w.Message),
        TensorWireException w => (ProblemTypes.MalformedBody, w.Message),
        JsonException j => (ProblemTypes.InvalidRequest, "The JSON body is invalid: " + j.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (ProblemTypes.PayloadTooLarge, "The request body is larger than the silo accepts."),
        BadHttpRequestException b => (b.StatusCode == StatusCodes.Status415UnsupportedMediaType
            ? ProblemTypes.UnsupportedMediaType : ProblemTypes.InvalidRequest, b.Message),
        GrainCallTimeoutException => (ProblemTypes.Unavailable, "The service did not answer in time; retry later."),
        _ => (ProblemTypes.Internal, "An unexpected error occurred; it has been logged."),
    };
}
