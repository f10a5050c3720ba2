using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansFed.Silo.Hosting;

namespace OrleansFed.Cli.Hosting;

/// <summary>
/// A silo running inside this process on a free loopback port, with SQLite under a given directory: what
/// <c>orleansfed simulate</c> trains against.
/// </summary>
internal sealed class InProcessSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessSilo(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The silo's base URL (<c>http://127.0.0.1:PORT/</c>).</summary>
    public Uri Address { get; }

    /// <summary>The silo's services (the grain factory, for in-process drivers such as the PATE simulation).</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<InProcessSilo> StartAsync(string dataDirectory, LogLevel logLevel, CancellationToken ct)
    {
        var builder = SiloHost.CreateBuilder([], o =>
        {
            o.DataDirectory = dataDirectory;
            o.Storage = StorageKind.Sqlite;
        });
        // Port 0: Kestrel binds a free port, read back below; no race with other processes.
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // The silo's configured log levels (Information by default) would flood a simulation's progress lines.
        var level = logLevel.ToString();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = level,
            ["Logging:LogLevel:Microsoft.AspNetCore"] = level,
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = level,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        var app = SiloHost.Build(builder);
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The in-process silo reported no listening address.");
            return new InProcessSilo(app, new Uri(first.EndsWith('/') ? first : first + "/"));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
