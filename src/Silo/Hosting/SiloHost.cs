using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansFed.Grains.Hosting;
using OrleansFed.Grains.SecProbe;
using OrleansFed.Interfaces.Api;
using OrleansFed.Runtime;
using OrleansFed.Silo.Api;
using OrleansFed.Silo.Problems;
using OrleansFed.Silo.Telemetry;

namespace OrleansFed.Silo.Hosting;

/// <summary>
/// Builds the silo: the grain runtime with SQLite (or memory) storage and reminders, the federation grains, the HTTP
/// API on Kestrel, problem+json errors and telemetry. Used by <c>orleansfed silo</c>, the simulator and tests:
/// <code>
/// var app = SiloHost.Create(args, o => o.DataDirectory = dir);
/// app.Urls.Add("http://127.0.0.1:5000");
/// await app.RunAsync();
/// </code>
/// </summary>
public static class SiloHost
{
    /// <summary>Prefix of environment variables read as configuration (<c>ORLEANSFED_Silo__AdminToken</c> → <c>Silo:AdminToken</c>).</summary>
    public const string EnvironmentPrefix = "ORLEANSFED_";

    /// <summary>Creates a builder with every silo service registered; add or replace services, then call
    /// <see cref="Build"/>.</summary>
    /// <param name="args">Command-line arguments (also configuration, e.g. <c>--Silo:DataDirectory=dir</c>, <c>--urls</c>).</param>
    /// <param name="configure">Applied after configuration binding (e.g. values from CLI options).</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder CreateBuilder(string[]? args = null, Action<SiloOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args ?? [] });

        // Quiet per-request framework logs by default; appsettings, environment and command line still override.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            },
        });
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        if (args is { Length: > 0 })
        {
            // Command-line values win over the prefixed environment variables added above.
            builder.Configuration.AddCommandLine(args);
        }

        var section = builder.Configuration.GetSection(SiloOptions.SectionName);
        var effective = new SiloOptions();
        section.Bind(effective);
        configure?.Invoke(effective);

        var services = builder.Services;
        services.AddOptions<SiloOptions>().Bind(section).Configure(o => configure?.Invoke(o)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>();

        services.AddGrainRuntime();
        switch (effective.Storage)
        {
            case StorageKind.Memory:
                services.AddMemoryGrainStorage().AddMemoryReminders();
                break;
            case StorageKind.Postgres:
                void Postgres(PostgresStorageOptions o)
                {
                    o.ConnectionString = effective.PostgresConnectionString;
                    o.Schema = effective.PostgresSchema;
                }

                services.AddPostgresGrainStorage(configure: Postgres).AddPostgresReminders(Postgres);
                break;
            default:
                var dataDirectory = effective.DataDirectory;
                services.AddSqliteGrainStorage(configure: o => o.DataDirectory = dataDirectory)
                    .AddSqliteReminders(o => o.DataDirectory = dataDirectory);
                // First of the hosted services: held before the grain runtime starts, released after it stops.
                services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(_ => new DataDirectoryLock(dataDirectory)));
                break;
        }

        services.AddFederationGrains();
        services.AddSecProbeCampaigns(effective.SecProbeValidationSets);
        services.AddSingleton<SiloTelemetry>();
        services.AddSingleton<SiloAuth>();
        services.AddHostedService<CampaignResumeService>();
        services.AddHostedService<OtlpExportService>();
        services.ConfigureHttpJsonOptions(o => SiloJson.Configure(o.SerializerOptions));
        services.AddProblemDetails();
        return builder;
    }

    /// <summary>Takes the storage's guard (the data directory's lock) and opens the storage (the reminder table: the
    /// database file, or the PostgreSQL schema) ahead of <c>StartAsync</c>, so that a silo that cannot have its storage
    /// fails with one exception before the host logs anything. <c>StartAsync</c> does the same again, as a no-op.</summary>
    /// <param name="app">An application from <see cref="Build"/>, not yet started.</param>
    /// <param name="cancellationToken">Cancels opening the storage.</param>
    /// <returns>A task that completes when the storage is ready.</returns>
    /// <exception cref="IOException">Another silo uses the SQLite data directory.</exception>
    public static async Task PrepareStorageAsync(WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        foreach (var guard in app.Services.GetServices<IHostedService>().OfType<DataDirectoryLock>())
        {
            await guard.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        await app.Services.GetRequiredService<IReminderTable>().StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the application and maps the HTTP API.</summary>
    /// <param name="builder">A builder from <see cref="CreateBuilder"/>.</param>
    /// <returns>The application, ready to run.</returns>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        app.UseMiddleware<ProblemMiddleware>();
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthStatus("ok")));
        AdminEndpoints.Map(app);
        ParticipantEndpoints.Map(app);
        PaillierEndpoints.Map(app);
        PateEndpoints.Map(app);
        SecAggEndpoints.Map(app);
        SecProbeEndpoints.Map(app);
        return app;
    }

    /// <summary>Creates and builds a silo in one step.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="configure">Applied after configuration binding.</param>
    /// <returns>The application, ready to run.</returns>
    public static WebApplication Create(string[]? args = null, Action<SiloOptions>? configure = null) =>
        Build(CreateBuilder(args, configure));
}
