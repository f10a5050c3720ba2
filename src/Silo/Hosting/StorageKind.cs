namespace OrleansFed.Silo.Hosting;

/// <summary>Where the silo keeps grain state and reminders.</summary>
public enum StorageKind
{
    /// <summary>One SQLite file under <see cref="SiloOptions.DataDirectory"/> (durable; the default).</summary>
    Sqlite,

    /// <summary>In process memory (tests and throw-away demos; nothing survives a restart).</summary>
    Memory,

    /// <summary>A PostgreSQL database (<see cref="SiloOptions.PostgresConnectionString"/>, schema
    /// <see cref="SiloOptions.PostgresSchema"/>): durable outside the silo's machine, e.g. Azure Database for PostgreSQL
    /// for a silo on Kubernetes.</summary>
    Postgres,
}
