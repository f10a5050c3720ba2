using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansFed.Silo.Hosting;
using Xunit;

namespace OrleansFed.Client.Tests;

/// <summary>A real silo (in-memory storage) on a free loopback port, shared by the tests of a class.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync() => (_app, Address) = await StartSiloAsync();

    /// <summary>Starts a silo (in-memory storage, then <paramref name="configure"/>) on a free loopback port.</summary>
    public static async Task<(WebApplication App, Uri Address)> StartSiloAsync(Action<SiloOptions>? configure = null)
    {
        var builder = SiloHost.CreateBuilder([], o =>
        {
            o.Storage = StorageKind.Memory;
            configure?.Invoke(o);
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = SiloHost.Build(builder);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public OrleansFedClient NewClient() => OrleansFedClient.Create(Address);

    public static string NewCampaignId() => "t-" + Guid.NewGuid().ToString("N")[..12];
}
