namespace OrleansFed.Runtime;

/// <summary>
/// An <see cref="IGrainStorage"/> on PostgreSQL (Npgsql; also Azure Database for PostgreSQL): table
/// <c>grain_state</c> in <see cref="PostgresStorageOptions.Schema"/>, keyed by (state name, grain type, grain id), JSON
/// payloads as <c>bytea</c>, and the same compare-and-swap writes as the SQLite provider, durable once committed.
/// Several silos may share the database: a write with a stale ETag fails whichever silo made the newer one.
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage, IDisposable
{
    private readonly PostgresDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly RelationalGrainStore _store;

    /// <summary>Connects to the database described by <paramref name="options"/>; the schema and tables are created on
    /// the first call if they are missing.</summary>
    /// <param name="options">The connection string, schema and serializer options.</param>
    /// <param name="timeProvider">The clock for the records' <c>updated_at</c> column; <see cref="TimeProvider.System"/> if null.</param>
    public PostgresGrainStorage(PostgresStorageOptions options, TimeProvider? timeProvider = null)
        : this(new PostgresDatabase(options), ownsDatabase: true, options, timeProvider)
    {
    }

    internal PostgresGrainStorage(PostgresDatabase database, bool ownsDatabase, PostgresStorageOptions options, TimeProvider? timeProvider)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
        _store = new RelationalGrainStore(database, options.SerializerOptions, timeProvider);
    }

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new() => _store.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new() => _store.WriteStateAsync(stateName, grainId, grainState, cancellationToken);

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new() => _store.ClearStateAsync(stateName, grainId, grainState, cancellationToken);

    /// <summary>Closes the connection pool if this instance opened it.</summary>
    public void Dispose()
    {
        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }
}
