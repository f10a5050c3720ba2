namespace OrleansFed.Runtime;

/// <summary>A grain's durable state, bound to one storage record, with ETag optimistic concurrency.</summary>
/// <typeparam name="TState">The state type; serialized with System.Text.Json by the SQLite provider.</typeparam>
public interface IPersistentState<TState> where TState : new()
{
    /// <summary>The current in-memory state. Mutate it (or replace it), then call <see cref="WriteStateAsync"/>.</summary>
    TState State { get; set; }

    /// <summary>The ETag of the stored record this state was last read from or written to; <see langword="null"/> if none.</summary>
    string? Etag { get; }

    /// <summary>Whether a stored record exists (false before the first write and after a clear).</summary>
    bool RecordExists { get; }

    /// <summary>Re-reads the state from storage, replacing <see cref="State"/>.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the state was read.</returns>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <see cref="State"/> durably if the stored ETag still equals <see cref="Etag"/>.</summary>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once the write is durable.</returns>
    /// <exception cref="InconsistentStateException">The stored record changed since it was read; nothing was written.</exception>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Clears the stored record if its ETag still equals <see cref="Etag"/> and resets <see cref="State"/>.</summary>
    /// <param name="cancellationToken">Cancels the clear.</param>
    /// <returns>A task that completes once the clear is durable.</returns>
    /// <exception cref="InconsistentStateException">The stored record changed since it was read; nothing was cleared.</exception>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
