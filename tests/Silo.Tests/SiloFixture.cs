using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Runtime;
using OrleansFed.Silo.Hosting;

namespace OrleansFed.Silo.Tests;

/// <summary>A real silo on Kestrel at 127.0.0.1:(free port), with an <see cref="HttpClient"/> pointed at it.</summary>
public sealed class RunningSilo : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private RunningSilo(WebApplication app, Uri address)
    {
        App = app;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();

    public static async Task<RunningSilo> StartAsync(Action<SiloOptions>? configure = null, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = SiloHost.CreateBuilder([], o =>
        {
            o.Storage = StorageKind.Memory;
            configure?.Invoke(o);
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        customize?.Invoke(builder);
        var app = SiloHost.Build(builder);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningSilo(app, new Uri(address));
    }

    public async Task<CampaignStatus> CreateCampaignAsync(string id, int rounds = 2, int minParticipants = 2, int? perRound = null,
        int? minEnrolled = null, int timeoutSeconds = 120)
    {
        var response = await Http.PostAsJsonAsync("/v1/campaigns", new
        {
            id,
            model = "logreg",
            rounds,
            minParticipants,
            participantsPerRound = perRound,
            minEnrolled,
            roundTimeoutSeconds = timeoutSeconds,
        }, Json);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CampaignStatus>(Json))!;
    }

    public async Task<Enrollment> EnrollAsync(string id, string name, long samples = 100)
    {
        var response = await Http.PostAsJsonAsync($"/v1/campaigns/{id}/participants", new EnrollRequest { Name = name, SampleCount = samples }, Json);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Enrollment>(Json))!;
    }

    public async Task<HttpResponseMessage> UploadAsync(string id, int round, string token, byte[] body, string contentType = ApiConventions.OctetStream)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/campaigns/{id}/rounds/{round}/update")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Http.SendAsync(request);
    }

    public Task<RoundSummary> RoundAsync(string id, int round, int attempt = 1) =>
        Grains.GetGrain<IRoundGrain>(GrainKeys.Round(id, round, attempt)).GetSummaryAsync();

    public async Task<RoundRecord[]> HistoryAsync(string id) =>
        (await Http.GetFromJsonAsync<RoundRecord[]>($"/v1/campaigns/{id}/rounds", Json))!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
