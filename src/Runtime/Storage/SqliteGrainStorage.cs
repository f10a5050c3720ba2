using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

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
    private readonly JsonSerializerOptions _serializerOptions;
    private readonly TimeProvider _timeProvider;

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
        _serializerOptions = options.SerializerOptions ?? JsonSerializerOptions.Default;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => _database.Path;

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new()
    {
        var record = await _database.RunAsync((c, ct) => ReadRecordAsync(c, stateName, grainId, ct), cancellationToken);
        if (record is not { } stored)
        {
            grainState.State = new T();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = stored.Payload is null
            ? new T()
            : JsonSerializer.Deserialize<T>(stored.Payload, _serializerOptions)
              ?? throw new InvalidOperationException($"State '{stateName}' of grain {grainId} deserialized to null.");
        grainState.ETag = stored.ETag;
        grainState.RecordExists = stored.Payload is not null;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new()
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(grainState.State, _serializerOptions);
        var expected = grainState.ETag;
        var version = await _database.RunAsync(
            (c, ct) => SwapAsync(c, stateName, grainId, expected, payload, "write", ct), cancellationToken);
        grainState.ETag = StoredRecord.FormatETag(version);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new()
    {
        var expected = grainState.ETag;
        var version = await _database.RunAsync(
            (c, ct) => SwapAsync(c, stateName, grainId, expected, payload: null, "clear", ct), cancellationToken);
        grainState.State = new T();
        grainState.ETag = version == 0 ? null : StoredRecord.FormatETag(version);
        grainState.RecordExists = false;
    }

    /// <summary>Closes the database file if this instance opened it.</summary>
    public void Dispose()
    {
        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }

    /// <summary>Replaces the payload (null clears it) if the stored version matches; returns the new version, or 0
    /// for a clear of a record that never existed.</summary>
    private async Task<long> SwapAsync(
        SqliteConnection connection, string stateName, GrainId grainId, string? expectedETag, byte[]? payload, string operation,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        AddKey(command, stateName, grainId);
        command.Parameters.AddWithValue("@payload", (object?)payload ?? DBNull.Value);
        command.Parameters.AddWithValue("@now", _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        long newVersion;
        if (expectedETag is null)
        {
            if (payload is null)
            {
                // Clearing a record the caller believes absent: succeed only if it is.
                var existing = await ReadRecordAsync(connection, stateName, grainId, cancellationToken);
                return existing is null ? 0 : throw Conflict(stateName, grainId, operation, existing, expectedETag);
            }

            command.CommandText = """
                INSERT INTO grain_state (state_name, grain_type, grain_id, etag, payload, updated_at)
                VALUES (@state, @type, @id, 1, @payload, @now)
                ON CONFLICT DO NOTHING
                """;
            newVersion = 1;
        }
        else if (StoredRecord.TryParseETag(expectedETag, out var expected))
        {
            command.CommandText = """
                UPDATE grain_state SET etag = etag + 1, payload = @payload, updated_at = @now
                WHERE state_name = @state AND grain_type = @type AND grain_id = @id AND etag = @etag
                """;
            command.Parameters.AddWithValue("@etag", expected);
            newVersion = expected + 1;
        }
        else
        {
            var existing = await ReadRecordAsync(connection, stateName, grainId, cancellationToken);
            throw Conflict(stateName, grainId, operation, existing, expectedETag);
        }

        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return newVersion;
        }

        var current = await ReadRecordAsync(connection, stateName, grainId, cancellationToken);
        throw Conflict(stateName, grainId, operation, current, expectedETag);
    }

    private static InconsistentStateException Conflict(
        string stateName, GrainId grainId, string operation, StoredRecord? stored, string? expectedETag) =>
        new(stored is null
                ? $"Rejected {operation} of state '{stateName}' of grain {grainId}: the record no longer exists."
                : $"Rejected {operation} of state '{stateName}' of grain {grainId}: the record changed since it was read.",
            stored?.ETag, expectedETag);

    private static async Task<StoredRecord?> ReadRecordAsync(
        SqliteConnection connection, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT etag, payload FROM grain_state
            WHERE state_name = @state AND grain_type = @type AND grain_id = @id
            """;
        AddKey(command, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var payload = reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1);
        return new StoredRecord(reader.GetInt64(0), payload);
    }

    private static void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("@state", stateName);
        command.Parameters.AddWithValue("@type", grainId.Type);
        command.Parameters.AddWithValue("@id", grainId.Key);
    }
}
