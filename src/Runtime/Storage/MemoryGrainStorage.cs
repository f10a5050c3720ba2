using System.Text.Json;

namespace OrleansFed.Runtime;

/// <summary>
/// An in-memory <see cref="IGrainStorage"/> for tests. It stores JSON snapshots (not the live objects), so it has the
/// same copy and ETag semantics as the SQLite provider; everything is lost when the process ends.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<(string State, GrainId Grain), StoredRecord> _records = [];
    private readonly Lock _lock = new();
    private readonly JsonSerializerOptions _serializerOptions;

    /// <summary>Creates an empty store.</summary>
    /// <param name="serializerOptions">JSON options for the snapshots; <see cref="JsonSerializerOptions.Default"/> if null.</param>
    public MemoryGrainStorage(JsonSerializerOptions? serializerOptions = null) =>
        _serializerOptions = serializerOptions ?? JsonSerializerOptions.Default;

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new()
    {
        cancellationToken.ThrowIfCancellationRequested();
        StoredRecord record;
        bool found;
        lock (_lock)
        {
            found = _records.TryGetValue((stateName, grainId), out record);
        }

        if (!found)
        {
            grainState.State = new T();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        else
        {
            grainState.State = record.Payload is null ? new T() : Deserialize<T>(record.Payload, stateName, grainId);
            grainState.ETag = record.ETag;
            grainState.RecordExists = record.Payload is not null;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new()
    {
        cancellationToken.ThrowIfCancellationRequested();
        var payload = JsonSerializer.SerializeToUtf8Bytes(grainState.State, _serializerOptions);
        long version;
        lock (_lock)
        {
            var key = (stateName, grainId);
            version = CheckETag(key, grainState.ETag, "write") + 1;
            _records[key] = new StoredRecord(version, payload);
        }

        grainState.ETag = StoredRecord.FormatETag(version);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new()
    {
        cancellationToken.ThrowIfCancellationRequested();
        string? etag = null;
        lock (_lock)
        {
            var key = (stateName, grainId);
            var version = CheckETag(key, grainState.ETag, "clear");
            if (version > 0)
            {
                _records[key] = new StoredRecord(version + 1, null);
                etag = StoredRecord.FormatETag(version + 1);
            }
        }

        grainState.State = new T();
        grainState.ETag = etag;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>Returns the stored version (0 if no record) after checking the caller's ETag against it.</summary>
    private long CheckETag((string State, GrainId Grain) key, string? etag, string operation)
    {
        if (_records.TryGetValue(key, out var record))
        {
            if (!StoredRecord.TryParseETag(etag, out var version) || version != record.Version)
            {
                throw new InconsistentStateException(
                    $"Rejected {operation} of state '{key.State}' of grain {key.Grain}: the record changed since it was read.",
                    record.ETag, etag);
            }

            return record.Version;
        }

        if (etag is not null)
        {
            throw new InconsistentStateException(
                $"Rejected {operation} of state '{key.State}' of grain {key.Grain}: the record no longer exists.",
                null, etag);
        }

        return 0;
    }

    private T Deserialize<T>(byte[] payload, string stateName, GrainId grainId) =>
        JsonSerializer.Deserialize<T>(payload, _serializerOptions)
        ?? throw new InvalidOperationException($"State '{stateName}' of grain {grainId} deserialized to null.");
}
