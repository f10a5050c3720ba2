using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansFed.Grains.SecProbe;
using OrleansFed.Runtime;
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
        urls.Validators.AddSafe(r =>
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
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Keep state in this PostgreSQL database (an Npgsql connection string). A command line is visible to " +
                "other users: for a password prefer Silo:Storage=Postgres with $ORLEANSFED_Silo__PostgresConnectionString",
            HelpName = "CONNECTION",
        };
        postgres.Validators.AddSafe(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && PostgresConnection.ParseError(value) is { } error)
            {
                r.AddError($"--postgres: not a valid Npgsql connection string ({error}).");
            }
        });
        var postgresSchema = new Option<string?>("--postgres-schema")
        {
            Description = $"Schema of the silo's tables in that database (default: Silo:PostgresSchema, else {PostgresStorageOptions.DefaultSchema})",
            HelpName = "SCHEMA",
        };
        var adminToken = new Option<string?>("--admin-token")
        {
            Description = "Require this bearer token on admin endpoints (default: Silo:AdminToken / $ORLEANSFED_Silo__AdminToken)",
            HelpName = "TOKEN",
        };

        var validationSets = new Option<string[]>("--secprobe-validation-set")
        {
            Description = "A named SecProbe validation set on this machine: NAME=IMAGES,LABELS[,count=N][,classes=C] (IDX files, the MNIST format); repeatable",
            HelpName = "SPEC",
            Arity = ArgumentArity.ZeroOrMore,
        };
        validationSets.Validators.AddSafe(r =>
        {
            foreach (var spec in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (!TryParseValidationSet(spec, out _, out _, out var error))
                {
                    r.AddError($"--secprobe-validation-set '{spec}': {error}");
                }
            }
        });

        var command = new Command("silo", "Run the OrleansFed coordinator (HTTP API, grains, durable state) until stopped.")
        {
            urls, dataDir, memory, postgres, postgresSchema, adminToken, validationSets,
        };
        command.Validators.AddSafe(r =>
        {
            if (r.GetResult(postgres) is not null && (r.GetResult(memory) is not null || r.GetResult(dataDir) is not null))
            {
                r.AddError("--postgres keeps state in PostgreSQL: it cannot be combined with --in-memory or --data-dir.");
            }
        });
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

                        if (parse.GetValue(postgres) is { } connection)
                        {
                            o.Storage = StorageKind.Postgres;
                            o.PostgresConnectionString = connection;
                        }

                        if (parse.GetValue(postgresSchema) is { } schema)
                        {
                            o.PostgresSchema = schema;
                        }

                        if (token is not null)
                        {
                            o.AdminToken = token;
                        }

                        foreach (var spec in parse.GetValue(validationSets) ?? [])
                        {
                            TryParseValidationSet(spec, out var name, out var set, out _);
                            o.SecProbeValidationSets[name] = set;
                        }
                    });
                await using (app.ConfigureAwait(false))
                {
                    // Validate the options before the host starts, so a bad setting is one plain line (exit code 2), not
                    // the host's start-up failure log with its stack trace.
                    _ = app.Services.GetRequiredService<IOptions<SiloOptions>>().Value;
                    app.Urls.Clear();
                    foreach (var url in parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        app.Urls.Add(url);
                    }

                    // Reach the storage before the host starts, so an unreachable database or a data directory another
                    // silo holds is one plain line too.
                    await SiloHost.PrepareStorageAsync(app, ct).ConfigureAwait(false);
                    await app.StartAsync(ct).ConfigureAwait(false);
                    var effective = app.Services.GetRequiredService<IOptions<SiloOptions>>().Value;
                    var storage = effective.Storage switch
                    {
                        StorageKind.Memory => "in memory",
                        StorageKind.Postgres => $"in PostgreSQL {PostgresConnection.Describe(effective.PostgresConnectionString!)}, schema {effective.PostgresSchema}",
                        _ => $"SQLite under {Path.GetFullPath(effective.DataDirectory)}",
                    };
                    var sets = effective.SecProbeValidationSets.Count == 0 ? string.Empty : $"; SecProbe validation sets: {string.Join(", ", effective.SecProbeValidationSets.Keys.Order(StringComparer.Ordinal))}";
                    await Console.Out.WriteLineAsync($"orleansfed silo listening on {string.Join(", ", app.Urls)}; state {storage}{sets}").ConfigureAwait(false);
                    await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
                    using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                    await app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
                    if (app.Services.GetService<PostgresSiloLease>() is { WasLost: true })
                    {
                        await Console.Error.WriteLineAsync(
                            "error: this silo lost its lease on the PostgreSQL schema (the connection failed) and stopped; start it again").ConfigureAwait(false);
                        return ExitCodes.Failed;
                    }
                }

                return ExitCodes.Ok;
            },
            ct));
        return command;
    }

    /// <summary>Parses NAME=IMAGES,LABELS[,count=N][,classes=C]; the silo's own start-up checks then test the files.</summary>
    internal static bool TryParseValidationSet(string spec, out string name, out SecProbeValidationSetOptions set, out string error)
    {
        name = string.Empty;
        set = new SecProbeValidationSetOptions();
        int equals = spec.IndexOf('=', StringComparison.Ordinal);
        var parts = equals > 0 ? spec[(equals + 1)..].Split(',') : [];
        if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            error = "expected NAME=IMAGES,LABELS[,count=N][,classes=C].";
            return false;
        }

        name = spec[..equals];
        set.Images = parts[0];
        set.Labels = parts[1];
        foreach (var option in parts.Skip(2))
        {
            var (key, value) = option.IndexOf('=', StringComparison.Ordinal) is > 0 and var at ? (option[..at], option[(at + 1)..]) : (option, string.Empty);
            if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number))
            {
                error = $"'{option}' is not count=N or classes=C with a whole number.";
                return false;
            }

            switch (key)
            {
                case "count":
                    set.Count = number;
                    break;
                case "classes":
                    set.Classes = number;
                    break;
                default:
                    error = $"unknown setting '{key}' (count or classes).";
                    return false;
            }
        }

        error = string.Empty;
        return true;
    }
}
