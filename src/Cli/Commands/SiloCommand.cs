using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansFed.Silo.Hosting;

namespace OrleansFed.Cli.Commands;

/// <summary>The <c>orleansfed silo</c> command: runs the coordinator service until stopped.</summary>
internal static class SiloCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "URL(s) to listen on, separated by ';'",
            DefaultValueFactory = _ => CliOptions.DefaultSiloUrl,
            HelpName = "URL",
        };
        urls.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>() ?? string.Empty;
            foreach (var url in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!CliOptions.TryParseHttpUrl(url, out _))
                {
                    r.AddError($"--urls: '{url}' is not an absolute http:// or https:// URL.");
                }
            }
        });
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = $"Directory of the SQLite database (default: Silo:DataDirectory from configuration, else {SiloOptions.DefaultDataDirectory})",
            HelpName = "DIR",
        };
        var memory = new Option<bool>("--in-memory") { Description = "Keep state in memory only (nothing survives a restart)" };
        var adminToken = new Option<string?>("--admin-token")
        {
            Description = "Require this bearer token on admin endpoints (default: Silo:AdminToken / $ORLEANSFED_Silo__AdminToken)",
            HelpName = "TOKEN",
        };

        var command = new Command("silo", "Run the OrleansFed coordinator (HTTP API, grains, durable state) until stopped.")
        {
            urls, dataDir, memory, adminToken,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async () =>
            {
                var directory = parse.GetValue(dataDir);
                var inMemory = parse.GetValue(memory);
                var token = parse.GetValue(adminToken);
                var app = SiloHost.Create(
                    [],
                    o =>
                    {
                        if (directory is not null)
                        {
                            o.DataDirectory = directory;
                        }

                        if (inMemory)
                        {
                            o.Storage = StorageKind.Memory;
                        }

                        if (token is not null)
                        {
                            o.AdminToken = token;
                        }
                    });
                await using (app.ConfigureAwait(false))
                {
                    app.Urls.Clear();
                    foreach (var url in parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        app.Urls.Add(url);
                    }

                    await app.StartAsync(ct).ConfigureAwait(false);
                    var effective = app.Services.GetRequiredService<IOptions<SiloOptions>>().Value;
                    var storage = effective.Storage == StorageKind.Memory ? "in memory" : $"SQLite under {Path.GetFullPath(effective.DataDirectory)}";
                    await Console.Out.WriteLineAsync($"orleansfed silo listening on {string.Join(", ", app.Urls)}; state {storage}").ConfigureAwait(false);
                    await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
                    using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                    await app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            },
            ct));
        return command;
    }
}
