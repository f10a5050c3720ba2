using System.Text.Json;

namespace OrleansFed.Runtime;

/// <summary>Where the PostgreSQL store lives. Grain state and reminders share one schema of one database.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>The default schema holding the tables.</summary>
    public const string DefaultSchema = "orleansfed";

    /// <summary>The default time a statement may run before it is cancelled.</summary>
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>An Npgsql connection string (<c>Host=…;Port=5432;Database=…;Username=…;Password=…</c>; add
    /// <c>SSL Mode=Require</c> for Azure Database for PostgreSQL). Required; it is never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The schema that holds the tables <c>grain_state</c>, <c>reminders</c> and <c>reminder_etag</c>; created
    /// with them on first use. A lower-case SQL identifier. Default <see cref="DefaultSchema"/>.</summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>How long a statement may run. Default <see cref="DefaultCommandTimeout"/>.</summary>
    public TimeSpan CommandTimeout { get; set; } = DefaultCommandTimeout;

    /// <summary>JSON options for state payloads; <see cref="JsonSerializerOptions.Default"/> if null.</summary>
    public JsonSerializerOptions? SerializerOptions { get; set; }

    /// <summary>Whether <paramref name="schema"/> may name the schema: a lower-case SQL identifier of at most 63
    /// characters (letters, digits, '_', not starting with a digit).</summary>
    /// <param name="schema">The candidate name.</param>
    /// <returns>True when it is one.</returns>
    public static bool IsValidSchema(string? schema) => PostgresStorageOptionsValidator.IsSchemaName(schema);
}
