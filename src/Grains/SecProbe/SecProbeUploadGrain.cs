using OrleansFed.Runtime;

namespace OrleansFed.Grains.SecProbe;

/// <summary>One accepted SecProbe upload (see <see cref="ISecProbeUploadGrain"/>).</summary>
[GrainType("secprobe-upload")]
public sealed class SecProbeUploadGrain(
    [PersistentState("secprobe-upload")] IPersistentState<SecProbeUploadState> state) : Grain, ISecProbeUploadGrain
{
    async Task ISecProbeUploadGrain.StoreAsync(float[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        state.State = new SecProbeUploadState { Weights = FloatBytes.ToBytes(weights) };
        await WriteStateOrDeactivateAsync(state);
        DeactivateOnIdle();
    }

    Task<float[]> ISecProbeUploadGrain.GetAsync()
    {
        DeactivateOnIdle();
        return state.RecordExists
            ? Task.FromResult(FloatBytes.ToFloats(state.State.Weights))
            : throw new InvalidOperationException($"No SecProbe upload is stored under {GetPrimaryKeyString()}.");
    }

    async Task ISecProbeUploadGrain.ClearAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        DeactivateOnIdle();
    }
}
