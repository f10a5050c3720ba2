using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Client.Tests;

/// <summary>An HTTP handler answering from a script, recording every request (method, path, auth, body).</summary>
internal sealed class StubHandler : HttpMessageHandler
{
    private readonly Func<RecordedRequest, int, HttpResponseMessage> _respond;
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _gate = new();

    public StubHandler(Func<RecordedRequest, int, HttpResponseMessage> respond) => _respond = respond;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!.PathAndQuery,
            request.Headers.Authorization?.Parameter,
            request.Content?.Headers.ContentType?.MediaType,
            body);
        int index;
        lock (_gate)
        {
            _requests.Add(recorded);
            index = _requests.Count - 1;
        }

        return _respond(recorded, index);
    }

    public static HttpResponseMessage Json<T>(HttpStatusCode status, T value)
        => new(status) { Content = new StringContent(JsonSerializer.Serialize(value, JsonSerializerOptions.Web), Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Problem(HttpStatusCode status, string type, string title, string? detail = null)
    {
        var json = JsonSerializer.Serialize(new { type, title, status = (int)status, detail }, JsonSerializerOptions.Web);
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(ApiConventions.ProblemJson);
        return new HttpResponseMessage(status) { Content = content };
    }

    public static HttpResponseMessage Bytes(byte[] body, long? versionHeader = null)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(ApiConventions.OctetStream);
        if (versionHeader is { } v)
        {
            response.Headers.Add(ApiConventions.ModelVersionHeader, v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return response;
    }
}

internal sealed record RecordedRequest(HttpMethod Method, string Path, string? BearerToken, string? ContentType, byte[] Body);
