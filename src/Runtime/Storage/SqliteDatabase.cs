using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrleansFed.Runtime;

/// <summary>
/// One open connection to the embedded database file, in WAL mode with synchronous=FULL so every committed statement
/// is durable before it returns. Statements are serialized through a gate: SQLite has a single writer anyway, and one
/// connection avoids lock contention between the state and reminder tables.
/// </summary>
internal sealed class SqliteDatabase : IRelationalDatabase, IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT NOT NULL,
            grain_type TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            etag       INTEGER NOT NULL,
            payload    BLOB NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (state_name, grain_type, grain_id)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS reminders (
            grain_type    TEXT NOT NULL,
            grain_id      TEXT NOT NULL,
            reminder_name TEXT NOT NULL,
            start_at      INTEGER NOT NULL,
            period        INTEGER NOT NULL,
            etag          INTEGER NOT NULL,
            PRIMARY KEY (grain_type, grain_id, reminder_name)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS reminder_etag (
            id    INTEGER PRIMARY KEY CHECK (id = 1),
            value INTEGER NOT NULL
        );
        """;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteConnection _connection;
    private bool _disposed;

    public SqliteDatabase(string path, TimeSpan busyTimeout)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        };
        _connection = new SqliteConnection(builder.ConnectionString);
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = $"""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};
            {Schema}
            """;
        command.ExecuteNonQuery();
    }

    public string Path { get; }

    public RelationalTables Tables { get; } = RelationalTables.Under("");

    /// <summary>Runs <paramref name="work"/> with exclusive use of the connection.</summary>
    public async Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return await work(_connection, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Round-trip ISO 8601 text, the column's format since the first release.</summary>
    public object Timestamp(DateTimeOffset now) => now.ToString("O", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }
}
