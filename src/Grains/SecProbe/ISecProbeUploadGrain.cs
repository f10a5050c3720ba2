using OrleansFed.Runtime;

namespace OrleansFed.Grains.SecProbe;

/// <summary>
/// One accepted SecProbe upload, stored on its own (key <see cref="SecProbeKeys.Upload"/>) so each upload is written
/// once, not rewritten with every later acceptance of its round; cleared once the round has selected.
/// </summary>
public interface ISecProbeUploadGrain : IGrainWithStringKey
{
    /// <summary>Stores (or, before its round counts it, replaces) the weights; durable when the task completes.</summary>
    /// <param name="weights">The sanitized weights.</param>
    /// <returns>A task that completes once the write is durable.</returns>
    Task StoreAsync(float[] weights);

    /// <summary>The stored weights.</summary>
    /// <returns>The weights.</returns>
    /// <exception cref="InvalidOperationException">Nothing is stored (never, or already cleared).</exception>
    Task<float[]> GetAsync();

    /// <summary>Removes the stored weights.</summary>
    /// <returns>A task that completes once the record is gone.</returns>
    Task ClearAsync();
}
