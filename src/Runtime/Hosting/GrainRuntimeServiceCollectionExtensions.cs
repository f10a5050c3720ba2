using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFed.Runtime.Core;
using OrleansFed.Runtime.Diagnostics;
using OrleansFed.Runtime.Hosting;

namespace OrleansFed.Runtime;

/// <summary>
/// Registers the grain runtime, grains, storage providers and reminder tables:
/// <code>
/// services.AddGrainRuntime(o => o.CollectionAge = TimeSpan.FromMinutes(5))
///         .AddGrain&lt;IRoundGrain, RoundGrain&gt;()
///         .AddSqliteGrainStorage("Default", o => o.DataDirectory = dataDir)
///         .AddSqliteReminders(o => o.DataDirectory = dataDir);
/// </code>
/// </summary>
public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>The options name under which the SQLite reminder table's <see cref="SqliteStorageOptions"/> are kept.</summary>
    public const string SqliteRemindersOptionsName = "OrleansFed.Reminders";

    /// <summary>The options name under which the PostgreSQL reminder table's <see cref="PostgresStorageOptions"/> are kept.</summary>
    public const string PostgresRemindersOptionsName = "OrleansFed.PostgresReminders";

    /// <summary>Adds the grain runtime: the <see cref="IGrainFactory"/>, the hosted service that starts storage,
    /// reminders and idle collection and deactivates every grain on stop, and validated <see cref="GrainRuntimeOptions"/>.
    /// Uses the registered <see cref="TimeProvider"/> (default <see cref="TimeProvider.System"/>) for every clock.
    /// Calling it again only adds the configuration.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the runtime options.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<GrainRuntimeOptions>? configure = null)
    {
        var options = services.AddOptions<GrainRuntimeOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainRuntimeOptions>, GrainRuntimeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DatabaseSet>();
        services.TryAddSingleton<RuntimeInstruments>();
        services.TryAddSingleton<GrainTypeRegistry>();
        services.TryAddSingleton<GrainRuntime>();
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, GrainRuntimeHost>());
        return services;
    }

    /// <summary>Registers grain class <typeparamref name="TGrain"/> as the implementation of grain interface
    /// <typeparamref name="TInterface"/> (explicit registration; there is no code generation).</summary>
    /// <typeparam name="TInterface">The grain interface callers use.</typeparam>
    /// <typeparam name="TGrain">The grain class.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddGrain<TInterface, TGrain>(this IServiceCollection services)
        where TInterface : IGrain
        where TGrain : Grain, TInterface
    {
        services.AddSingleton(new GrainRegistration(typeof(TInterface), typeof(TGrain)));
        return services;
    }

    /// <summary>Adds an in-memory grain storage provider (for tests) under <paramref name="name"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The provider name used in <see cref="PersistentStateAttribute"/>; default "Default".</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddMemoryGrainStorage(this IServiceCollection services, string name = PersistentStateAttribute.DefaultStorageName)
    {
        services.AddKeyedSingleton<IGrainStorage>(name, (_, _) => new MemoryGrainStorage());
        services.AddSingleton(new StorageRegistration(name));
        return services;
    }

    /// <summary>Adds the embedded SQLite grain storage provider under <paramref name="name"/>: one database file
    /// (<see cref="SqliteStorageOptions.DatabasePath"/>), shared with the SQLite reminder table when they point at the same file.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The provider name used in <see cref="PersistentStateAttribute"/>; default "Default".</param>
    /// <param name="configure">Configures the file location.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddSqliteGrainStorage(
        this IServiceCollection services, string name = PersistentStateAttribute.DefaultStorageName, Action<SqliteStorageOptions>? configure = null)
    {
        AddSqliteOptions(services, name, configure);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(name);
            var database = sp.GetRequiredService<DatabaseSet>().Open(options);
            return new SqliteGrainStorage(database, ownsDatabase: false, options, sp.GetService<TimeProvider>());
        });
        services.AddSingleton(new StorageRegistration(name));
        return services;
    }

    /// <summary>Adds an in-memory reminder table (for tests); reminders do not survive the process.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddMemoryReminders(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<IReminderTable>(_ => new MemoryReminderTable()));
        return services;
    }

    /// <summary>Adds the durable SQLite reminder table (table <c>reminders</c> of the embedded database file).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the file location; point it at the same directory as the grain storage to
    /// keep one file.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddSqliteReminders(this IServiceCollection services, Action<SqliteStorageOptions>? configure = null)
    {
        AddSqliteOptions(services, SqliteRemindersOptionsName, configure);
        services.Replace(ServiceDescriptor.Singleton<IReminderTable>(sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(SqliteRemindersOptionsName);
            var databases = sp.GetRequiredService<DatabaseSet>();
            return new SqliteReminderTable(options, databases.Open, ownsDatabase: false);
        }));
        return services;
    }

    /// <summary>Adds grain storage on PostgreSQL under <paramref name="name"/> (table <c>grain_state</c> of
    /// <see cref="PostgresStorageOptions.Schema"/>), sharing one connection pool with the PostgreSQL reminder table when
    /// they name the same database and schema.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The provider name used in <see cref="PersistentStateAttribute"/>; default "Default".</param>
    /// <param name="configure">Sets the connection string and schema.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddPostgresGrainStorage(
        this IServiceCollection services, string name = PersistentStateAttribute.DefaultStorageName, Action<PostgresStorageOptions>? configure = null)
    {
        AddPostgresOptions(services, name, configure);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(name);
            var database = sp.GetRequiredService<DatabaseSet>().Open(options);
            return new PostgresGrainStorage(database, ownsDatabase: false, options, sp.GetService<TimeProvider>());
        });
        services.AddSingleton(new StorageRegistration(name));
        return services;
    }

    /// <summary>Adds the durable PostgreSQL reminder table (table <c>reminders</c> of <see cref="PostgresStorageOptions.Schema"/>)
    /// and the <see cref="PostgresSiloLease"/> that lets one silo at a time serve that schema.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the connection string and schema; use the grain storage's to keep one pool.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddPostgresReminders(this IServiceCollection services, Action<PostgresStorageOptions>? configure = null)
    {
        AddPostgresOptions(services, PostgresRemindersOptionsName, configure);
        services.Replace(ServiceDescriptor.Singleton<IReminderTable>(sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(PostgresRemindersOptionsName);
            return new PostgresReminderTable(sp.GetRequiredService<DatabaseSet>().Open(options), ownsDatabase: false);
        }));
        if (services.Any(d => d.ServiceType == typeof(PostgresSiloLease)))
        {
            return services;
        }

        services.AddSingleton(sp => new PostgresSiloLease(
            sp.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(PostgresRemindersOptionsName),
            () => sp.GetRequiredService<IHostApplicationLifetime>().StopApplication(),
            sp.GetService<ILogger<PostgresSiloLease>>()));

        // Hosted services start in registration order and stop in reverse: first in line, the lease is held before the
        // grain runtime loads a reminder or a grain serves a call, and released only after every activation has stopped.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<PostgresSiloLease>()));
        return services;
    }

    private static void AddPostgresOptions(IServiceCollection services, string name, Action<PostgresStorageOptions>? configure)
    {
        var options = services.AddOptions<PostgresStorageOptions>(name).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        services.TryAddSingleton<DatabaseSet>();
    }

    private static void AddSqliteOptions(IServiceCollection services, string name, Action<SqliteStorageOptions>? configure)
    {
        var options = services.AddOptions<SqliteStorageOptions>(name).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        services.TryAddSingleton<DatabaseSet>();
    }
}
