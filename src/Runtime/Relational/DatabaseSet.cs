namespace OrleansFed.Runtime;

/// <summary>The databases a host has open, one per key (a SQLite file, a PostgreSQL database and schema), shared by
/// the storage providers and the reminder table that point at the same one. Disposed with the service provider.</summary>
internal sealed class DatabaseSet : IDisposable
{
    private readonly Dictionary<string, IDisposable> _databases = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public SqliteDatabase Open(SqliteStorageOptions options) =>
        Open("sqlite\n" + options.DatabasePath, () => new SqliteDatabase(options.DatabasePath, options.BusyTimeout));

    public PostgresDatabase Open(PostgresStorageOptions options) =>
        Open("postgres\n" + PostgresDatabase.KeyOf(options), () => new PostgresDatabase(options));

    private T Open<T>(string key, Func<T> create)
        where T : class, IDisposable
    {
        lock (_lock)
        {
            if (!_databases.TryGetValue(key, out var database))
            {
                database = create();
                _databases.Add(key, database);
            }

            return (T)database;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var database in _databases.Values)
            {
                database.Dispose();
            }

            _databases.Clear();
        }
    }
}
