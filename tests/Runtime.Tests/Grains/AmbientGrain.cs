using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Grains;

public interface IAmbientGrain : IGrainWithStringKey
{
    /// <summary>Waits at the probe gate "ambient", then returns the caller's ambient value as seen by the grain.</summary>
    Task<string?> ReadAfterGate();

    Task<string> StorageType();
}

internal sealed class AmbientGrain(Probe probe, [Microsoft.Extensions.DependencyInjection.FromKeyedServices("Default")] IGrainStorage storage)
    : Grain, IAmbientGrain
{
    public static readonly AsyncLocal<string?> Ambient = new();

    public async Task<string?> ReadAfterGate()
    {
        await probe.Gate("ambient").Task;
        return Ambient.Value;
    }

    public Task<string> StorageType() => Task.FromResult(storage.GetType().Name);
}
