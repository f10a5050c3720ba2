namespace OrleansFed.Runtime;

/// <summary>
/// An <see cref="IReminderTable"/> on PostgreSQL: table <c>reminders</c> in the schema of the grain state, keyed by
/// (grain type, grain id, reminder name); times as UTC ticks, a one-shot period as -1; ETags from the counter row in
/// <c>reminder_etag</c>, never reused. <see cref="StartAsync"/> creates the tables, so a silo whose database is
/// unreachable fails at start-up, not at its first reminder.
/// </summary>
public sealed class PostgresReminderTable : IReminderTable, IDisposable
{
    private readonly PostgresDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly RelationalReminderStore _store;

    /// <summary>Connects to the database described by <paramref name="options"/>.</summary>
    /// <param name="options">The connection string and schema.</param>
    public PostgresReminderTable(PostgresStorageOptions options)
        : this(new PostgresDatabase(options), ownsDatabase: true)
    {
    }

    internal PostgresReminderTable(PostgresDatabase database, bool ownsDatabase)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
        _store = new RelationalReminderStore(database);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default) => _database.EnsureSchemaAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _store.ReadAllAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken = default) =>
        _store.ReadRowsAsync(grainId, cancellationToken);

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken = default) =>
        _store.ReadRowAsync(grainId, reminderName, cancellationToken);

    /// <inheritdoc />
    public Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken = default) =>
        _store.UpsertRowAsync(entry, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string etag, CancellationToken cancellationToken = default) =>
        _store.RemoveRowAsync(grainId, reminderName, etag, cancellationToken);

    /// <summary>Closes the connection pool if this instance opened it.</summary>
    public void Dispose()
    {
        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }
}
