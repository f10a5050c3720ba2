using OrleansFed.Interfaces.Wire;
using OrleansFed.Runtime;

namespace OrleansFed.Interfaces.Grains;

/// <summary>
/// One participant's stored update in one round attempt (key: <see cref="GrainKeys.Update"/>): one storage record per
/// update, written once, so a submission never rewrites the others. Under secure aggregation it will hold only the
/// masked vector.
/// </summary>
public interface IRoundUpdateGrain : IGrainWithStringKey
{
    /// <summary>Stores the update durably (replacing any previous one).</summary>
    /// <param name="update">The update.</param>
    /// <returns>A task that completes once the update is durable.</returns>
    Task StoreAsync(UpdateBlob update);

    /// <summary>Reads the stored update.</summary>
    /// <returns>The update, or <see langword="null"/> if none is stored.</returns>
    Task<UpdateBlob?> GetAsync();

    /// <summary>Deletes the stored update.</summary>
    /// <returns>A task that completes once the record is cleared.</returns>
    Task ClearAsync();
}
