using OrleansFed.Runtime;

namespace OrleansFed.Grains.Tests;

/// <summary>Fails the next write of one named state, as a crash at that point would leave storage.</summary>
internal sealed class FailingStorage(IGrainStorage inner) : IGrainStorage
{
    public volatile string? FailNextWriteOf;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new() => inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new()
    {
        if (stateName == FailNextWriteOf)
        {
            FailNextWriteOf = null;
            throw new IOException("Simulated crash before the write.");
        }

        return inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
        where T : new() => inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);
}
