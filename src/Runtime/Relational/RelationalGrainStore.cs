using System.Data;
using System.Data.Common;
using System.Text.Json;

namespace OrleansFed.Runtime;

/// <summary>
/// The grain state logic the SQLite and PostgreSQL providers share: one table keyed by (state name, grain type, grain
/// id), JSON payloads (System.Text.Json), and a write that is one compare-and-swap statement (<c>UPDATE … WHERE etag =
/// @old</c>, or an insert that does nothing if a record exists), durable once the engine has committed it.
/// </summary>
internal sealed class RelationalGrainStore(IRelationalDatabase database, JsonSerializerOptions? serializerOptions, TimeProvider? timeProvider)
{
    private readonly JsonSerializerOptions _serializerOptions = serializerOptions ?? JsonSerializerOptions.Default;
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;
    private readonly RelationalTables _tables = database.Tables;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        var record = await database.RunAsync((c, ct) => ReadRecordAsync(c, stateName, grainId, ct), cancellationToken);
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

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(grainState.State, _serializerOptions);
        var expected = grainState.ETag;
        var version = await database.RunAsync(
            (c, ct) => SwapAsync(c, stateName, grainId, expected, payload, "write", ct), cancellationToken);
        grainState.ETag = StoredRecord.FormatETag(version);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        var expected = grainState.ETag;
        var version = await database.RunAsync(
            (c, ct) => SwapAsync(c, stateName, grainId, expected, payload: null, "clear", ct), cancellationToken);
        grainState.State = new T();
        grainState.ETag = version == 0 ? null : StoredRecord.FormatETag(version);
        grainState.RecordExists = false;
    }

    /// <summary>Replaces the payload (null clears it) if the stored version matches; returns the new version, or 0
    /// for a clear of a record that never existed.</summary>
    private async Task<long> SwapAsync(
        DbConnection connection, string stateName, GrainId grainId, string? expectedETag, byte[]? payload, string operation,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        AddKey(command, stateName, grainId);
        command.Add("@payload", payload, DbType.Binary);
        command.Add("@now", database.Timestamp(_timeProvider.GetUtcNow()));
        long newVersion;
        if (expectedETag is null)
        {
            if (payload is null)
            {
                // Clearing a record the caller believes absent: succeed only if it is.
                var existing = await ReadRecordAsync(connection, stateName, grainId, cancellationToken);
                return existing is null ? 0 : throw Conflict(stateName, grainId, operation, existing, expectedETag);
            }

            command.CommandText = $"""
                INSERT INTO {_tables.GrainState} (state_name, grain_type, grain_id, etag, payload, updated_at)
                VALUES (@state, @type, @id, 1, @payload, @now)
                ON CONFLICT DO NOTHING
                """;
            newVersion = 1;
        }
        else if (StoredRecord.TryParseETag(expectedETag, out var expected))
        {
            command.CommandText = $"""
                UPDATE {_tables.GrainState} SET etag = etag + 1, payload = @payload, updated_at = @now
                WHERE state_name = @state AND grain_type = @type AND grain_id = @id AND etag = @etag
                """;
            command.Add("@etag", expected);
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

    private async Task<StoredRecord?> ReadRecordAsync(
        DbConnection connection, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT etag, payload FROM {_tables.GrainState}
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

    private static void AddKey(DbCommand command, string stateName, GrainId grainId)
    {
        command.Add("@state", stateName);
        command.Add("@type", grainId.Type);
        command.Add("@id", grainId.Key);
    }
}
