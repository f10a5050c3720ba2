namespace OrleansFed.Runtime;

/// <summary>
/// A grain state store with ETag optimistic concurrency. Records are keyed by (state name, grain type, grain key).
/// A write or clear whose ETag differs from the stored one throws <see cref="InconsistentStateException"/> and
/// changes nothing; a clear gives the record a new ETag, so a later write with the old ETag fails too.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads a record into <paramref name="grainState"/>. A missing or cleared record yields a new
    /// <typeparamref name="T"/> with <see cref="IGrainState{T}.RecordExists"/> false.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="stateName">The state's name within the grain.</param>
    /// <param name="grainId">The grain.</param>
    /// <param name="grainState">Receives the state, ETag and existence flag.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the state was read.</returns>
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new();

    /// <summary>Writes the state durably if the stored ETag equals <see cref="IGrainState{T}.ETag"/> (no record stored
    /// when it is <see langword="null"/>), then updates the ETag and sets <see cref="IGrainState{T}.RecordExists"/>.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="stateName">The state's name within the grain.</param>
    /// <param name="grainId">The grain.</param>
    /// <param name="grainState">The state to write, with the ETag it was read with.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once the write is durable.</returns>
    /// <exception cref="InconsistentStateException">The ETag is stale; nothing was written.</exception>
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new();

    /// <summary>Clears the record durably if the stored ETag equals <see cref="IGrainState{T}.ETag"/>, gives it a new
    /// ETag, and resets the state to a new <typeparamref name="T"/> with <see cref="IGrainState{T}.RecordExists"/> false.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="stateName">The state's name within the grain.</param>
    /// <param name="grainId">The grain.</param>
    /// <param name="grainState">The state to clear, with the ETag it was read with.</param>
    /// <param name="cancellationToken">Cancels the clear.</param>
    /// <returns>A task that completes once the clear is durable.</returns>
    /// <exception cref="InconsistentStateException">The ETag is stale; nothing was cleared.</exception>
    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new();
}
