namespace OrleansFed.Runtime;

/// <summary>
/// The embedded default <see cref="IGrainStorage"/>: one SQLite file (WAL mode, synchronous=FULL), one table
/// <c>grain_state</c> keyed by (state name, grain type, grain id), JSON payloads (System.Text.Json). A write is one
/// compare-and-swap statement (<c>UPDATE … WHERE etag = @old</c>), durable before the call returns.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly RelationalGrainStore _store;

    /// <summary>Opens (creating if needed) the database file described by <paramref name="options"/>.</summary>
    /// <param name="options">The file location and serializer options.</param>
    /// <param name="timeProvider">The clock for the records' <c>updated_at</c> column; <see cref="TimeProvider.System"/> if null.</param>
    public SqliteGrainStorage(SqliteStorageOptions options, TimeProvider? timeProvider = null)
        : this(new SqliteDatabase(options.DatabasePath, options.BusyTimeout), ownsDatabase: true, options, timeProvider)
    {
    }

    internal SqliteGrainStorage(SqliteDatabase database, bool ownsDatabase, SqliteStorageOptions options, TimeProvider? timeProvider)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
        _store = new RelationalGrainStore(database, options.SerializerOptions, timeProvider);
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => _database.Path;

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new() => _store.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new() => _store.WriteStateAsync(stateName, grainId, grainState, cancellationToken);

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new() => _store.ClearStateAsync(stateName, grainId, grainState, cancellationToken);

    /// <summary>Closes the database file if this instance opened it.</summary>
    public void Dispose()
    {
        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }
}
