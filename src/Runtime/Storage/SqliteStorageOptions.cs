using System.Text.Json;

namespace OrleansFed.Runtime;

/// <summary>Where the embedded SQLite store lives. Grain state and reminders share one database file.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The default data directory, relative to the working directory.</summary>
    public const string DefaultDataDirectory = "data";

    /// <summary>The default database file name.</summary>
    public const string DefaultFileName = "orleansfed.db";

    /// <summary>The default time a statement waits for a lock held by another connection.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The directory holding the database file; created if missing. Default <see cref="DefaultDataDirectory"/>.</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>The database file name (no directory part). Default <see cref="DefaultFileName"/>.</summary>
    public string FileName { get; set; } = DefaultFileName;

    /// <summary>How long a statement waits for a lock held by another connection. Default <see cref="DefaultBusyTimeout"/>.</summary>
    public TimeSpan BusyTimeout { get; set; } = DefaultBusyTimeout;

    /// <summary>JSON options for state payloads; <see cref="JsonSerializerOptions.Default"/> if null.</summary>
    public JsonSerializerOptions? SerializerOptions { get; set; }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, FileName));
}
