namespace OrleansFed.Silo.Hosting;

/// <summary>
/// Options of the silo, bound from configuration section <see cref="SectionName"/> (appsettings.json, then environment
/// variables such as <c>ORLEANSFED_Silo__DataDirectory</c>, then command-line values) and validated at start-up.
/// </summary>
public sealed class SiloOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Silo";

    /// <summary>Default <see cref="DataDirectory"/>.</summary>
    public const string DefaultDataDirectory = "./data/silo";

    /// <summary>Default <see cref="MaxUpdateBytes"/>: 64 MiB.</summary>
    public const long DefaultMaxUpdateBytes = 64L * 1024 * 1024;

    /// <summary>Default <see cref="MaxJsonBytes"/>: 1 MiB.</summary>
    public const long DefaultMaxJsonBytes = 1024 * 1024;

    /// <summary>Default <see cref="LongPollMaxSeconds"/>: 60.</summary>
    public const int DefaultLongPollMaxSeconds = 60;

    /// <summary>Directory holding the SQLite database file (<c>orleansfed.db</c>); created if missing.
    /// Default <see cref="DefaultDataDirectory"/>.</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>Where grain state and reminders live. Default <see cref="StorageKind.Sqlite"/>.</summary>
    public StorageKind Storage { get; set; } = StorageKind.Sqlite;

    /// <summary>The Npgsql connection string of the database when <see cref="Storage"/> is <see cref="StorageKind.Postgres"/>
    /// (<c>Host=…;Database=…;Username=…;Password=…</c>). It holds a password: pass it through the environment
    /// (<c>ORLEANSFED_Silo__PostgresConnectionString</c>, e.g. from a Kubernetes secret); it is never logged.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The schema of the silo's tables in that database; created on first start. Default
    /// <see cref="Runtime.PostgresStorageOptions.DefaultSchema"/>.</summary>
    public string PostgresSchema { get; set; } = Runtime.PostgresStorageOptions.DefaultSchema;

    /// <summary>Largest accepted update body in bytes; larger bodies get 413. Default <see cref="DefaultMaxUpdateBytes"/>.</summary>
    public long MaxUpdateBytes { get; set; } = DefaultMaxUpdateBytes;

    /// <summary>Largest accepted JSON body in bytes. Default <see cref="DefaultMaxJsonBytes"/>.</summary>
    public long MaxJsonBytes { get; set; } = DefaultMaxJsonBytes;

    /// <summary>Longest a <c>tasks/next</c> long-poll is held (1–60 s); longer <c>waitSeconds</c> requests are clamped.
    /// Default <see cref="DefaultLongPollMaxSeconds"/>.</summary>
    public int LongPollMaxSeconds { get; set; } = DefaultLongPollMaxSeconds;

    /// <summary>When set, admin endpoints require <c>Authorization: Bearer &lt;token&gt;</c>. Unset means open
    /// (bind to loopback then). Never logged.</summary>
    public string? AdminToken { get; set; }

    /// <summary>OTLP endpoint for traces and metrics (e.g. <c>http://localhost:4317</c>). Unset: falls back to the
    /// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable; when neither is set nothing is exported.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>OTLP transport: <c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Service name reported in telemetry resources. Default <c>orleansfed-silo</c>.</summary>
    public string ServiceName { get; set; } = "orleansfed-silo";

    /// <summary>
    /// Named auxiliary validation sets for SecProbe campaigns (<c>Silo:SecProbeValidationSets:NAME:Images</c>,
    /// <c>:Labels</c>, optional <c>:Count</c> and <c>:Classes</c>); IDX files on the silo's disk, read on first use.
    /// Names follow the campaign-id rule.
    /// </summary>
    public Dictionary<string, Grains.SecProbe.SecProbeValidationSetOptions> SecProbeValidationSets { get; set; } = new(StringComparer.Ordinal);
}
