using System.Net;
using System.Text.Json;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Client.Http;

/// <summary>Turns a non-success response into a precise <see cref="OrleansFedApiException"/>.</summary>
internal static class ProblemReader
{
    /// <summary>Bodies longer than this are not parsed (a problem document is a few hundred bytes).</summary>
    private const int MaxProblemBytes = 64 * 1024;

    /// <summary>Reads the RFC 7807 body of <paramref name="response"/> (falls back to the status line).</summary>
    public static async Task<OrleansFedApiException> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = response.StatusCode;
        string? type = null, title = null, detail = null;
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            if (bytes.Length is > 0 and <= MaxProblemBytes && LooksLikeJson(response))
            {
                (type, title, detail) = Parse(bytes);
            }
        }
        catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException)
        {
            // An unreadable error body still yields an exception with the status line.
        }

        type ??= OrleansFedApiException.AboutBlank;
        title ??= response.ReasonPhrase ?? status.ToString();
        return type == ProblemTypes.CampaignEnded || (status == HttpStatusCode.Gone && type == OrleansFedApiException.AboutBlank)
            ? new CampaignEndedException(title, detail)
            : new OrleansFedApiException(status, type, title, detail);
    }

    private static bool LooksLikeJson(HttpResponseMessage response)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        return mediaType is null
               || mediaType.Equals(ApiConventions.ProblemJson, StringComparison.OrdinalIgnoreCase)
               || mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase);
    }

    private static (string? Type, string? Title, string? Detail) Parse(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, null, null);
        }

        return (Text(root, "type"), Text(root, "title"), Text(root, "detail"));
    }

    private static string? Text(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
