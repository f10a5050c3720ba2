namespace OrleansFed.Runtime;

/// <summary>
/// The embedded default <see cref="IReminderTable"/>: table <c>reminders</c> in the same SQLite file as the grain
/// state, keyed by (grain type, grain id, reminder name); times are stored as UTC ticks, a one-shot period as -1;
/// ETags come from a counter row in <c>reminder_etag</c> and are never reused.
/// </summary>
public sealed class SqliteReminderTable : IReminderTable, IDisposable
{
    private readonly SqliteStorageOptions _options;
    private readonly Func<SqliteStorageOptions, SqliteDatabase> _open;
    private readonly bool _ownsDatabase;
    private SqliteDatabase? _database;
    private RelationalReminderStore? _store;

    /// <summary>Creates a table over the database file described by <paramref name="options"/>, opened by <see cref="StartAsync"/>.</summary>
    /// <param name="options">The file location.</param>
    public SqliteReminderTable(SqliteStorageOptions options)
        : this(options, o => new SqliteDatabase(o.DatabasePath, o.BusyTimeout), ownsDatabase: true)
    {
    }

    internal SqliteReminderTable(SqliteStorageOptions options, Func<SqliteStorageOptions, SqliteDatabase> open, bool ownsDatabase)
    {
        _options = options;
        _open = open;
        _ownsDatabase = ownsDatabase;
    }

    private RelationalReminderStore Store => _store ?? throw new InvalidOperationException(
        "The SQLite reminder table was not started; the grain runtime starts it when the host starts.");

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_database is null)
        {
            _database = _open(_options);
            _store = new RelationalReminderStore(_database);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        Store.ReadAllAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken = default) =>
        Store.ReadRowsAsync(grainId, cancellationToken);

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken = default) =>
        Store.ReadRowAsync(grainId, reminderName, cancellationToken);

    /// <inheritdoc />
    public Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken = default) =>
        Store.UpsertRowAsync(entry, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string etag, CancellationToken cancellationToken = default) =>
        Store.RemoveRowAsync(grainId, reminderName, etag, cancellationToken);

    /// <summary>Closes the database file if this instance opened it.</summary>
    public void Dispose()
    {
        if (_ownsDatabase)
        {
            _database?.Dispose();
        }
    }
}
