namespace OrleansFed.Runtime;

/// <summary>The databases a host has open, one per file, shared by the storage providers and the reminder table
/// that point at the same file. Disposed with the service provider.</summary>
internal sealed class SqliteDatabaseSet : IDisposable
{
    private readonly Dictionary<string, SqliteDatabase> _databases = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public SqliteDatabase Open(SqliteStorageOptions options)
    {
        var path = options.DatabasePath;
        lock (_lock)
        {
            if (!_databases.TryGetValue(path, out var database))
            {
                database = new SqliteDatabase(path, options.BusyTimeout);
                _databases.Add(path, database);
            }

            return database;
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
