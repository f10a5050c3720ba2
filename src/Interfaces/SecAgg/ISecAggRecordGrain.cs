using OrleansFed.Runtime;

namespace OrleansFed.Interfaces.SecAgg;

/// <summary>One stored secure-aggregation step message (key: <see cref="SecAggKeys.Record"/>): keys, encrypted shares, a
/// masked input or revealed shares — never an unmasked update.</summary>
public interface ISecAggRecordGrain : IGrainWithStringKey
{
    /// <summary>Stores the message bytes durably.</summary>
    /// <param name="payload">The bytes.</param>
    /// <returns>A task that completes once durable.</returns>
    Task StoreAsync(ReadOnlyMemory<byte> payload);

    /// <summary>Reads the stored bytes.</summary>
    /// <returns>The bytes, empty when none are stored.</returns>
    Task<ReadOnlyMemory<byte>> GetAsync();

    /// <summary>Deletes the record.</summary>
    /// <returns>A task.</returns>
    Task ClearAsync();
}
