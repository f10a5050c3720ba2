using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using OrleansFed.Interfaces.Errors;

namespace OrleansFed.Silo.Api;

/// <summary>Reads request bodies with an explicit size limit and content-type check.</summary>
internal static class RequestBody
{
    public static bool HasContentType(HttpRequest request, string mediaType, bool allowJsonSuffix = false)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) || parsed.MediaType.Value is not { } value)
        {
            return false;
        }

        return value.Equals(mediaType, StringComparison.OrdinalIgnoreCase) ||
               (allowJsonSuffix && value.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Throws <see cref="BadHttpRequestException"/> (415) unless the body is <c>application/octet-stream</c>.</summary>
    public static void RequireOctetStream(HttpRequest request)
    {
        if (!HasContentType(request, Interfaces.Api.ApiConventions.OctetStream))
        {
            throw new BadHttpRequestException(
                $"Expected Content-Type {Interfaces.Api.ApiConventions.OctetStream}, got '{request.ContentType ?? "(none)"}'.",
                StatusCodes.Status415UnsupportedMediaType);
        }
    }

    /// <summary>Whether the declared length already exceeds <paramref name="limit"/>.</summary>
    public static bool DeclaredTooLarge(HttpRequest request, long limit) => request.ContentLength > limit;

    /// <summary>Reads the whole body; throws <see cref="BadHttpRequestException"/> (413) beyond <paramref name="limit"/>.</summary>
    public static async Task<byte[]> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (DeclaredTooLarge(request, limit))
        {
            throw TooLarge(limit);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // Let the server enforce the same limit for chunked bodies (one byte over, so our own check reports it).
            sizeFeature.MaxRequestBodySize = limit + 1;
        }

        var writer = new ArrayBufferWriter<byte>(request.ContentLength is > 0 and var declared ? (int)declared : 4096);
        while (true)
        {
            var memory = writer.GetMemory(64 * 1024);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                break;
            }

            writer.Advance(read);
            if (writer.WrittenCount > limit)
            {
                throw TooLarge(limit);
            }
        }

        return writer.WrittenSpan.ToArray();
    }

    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, long limit, JsonSerializerOptions options, CancellationToken cancellationToken)
        where T : class
    {
        if (!HasContentType(request, "application/json", allowJsonSuffix: true))
        {
            throw new BadHttpRequestException(
                $"Expected Content-Type application/json, got '{request.ContentType ?? "(none)"}'.",
                StatusCodes.Status415UnsupportedMediaType);
        }

        var body = await ReadAsync(request, limit, cancellationToken);
        if (body.Length == 0)
        {
            throw new InvalidRequestException("The request body is empty; a JSON object is required.");
        }

        return JsonSerializer.Deserialize<T>(body, options)
            ?? throw new InvalidRequestException("The request body is JSON null; a JSON object is required.");
    }

    private static BadHttpRequestException TooLarge(long limit) => new(
        string.Create(CultureInfo.InvariantCulture, $"The request body exceeds the limit of {limit} bytes."),
        StatusCodes.Status413PayloadTooLarge);
}
