using OrleansFed.Interfaces.SecAgg;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.SecAgg;

/// <summary>One stored step message; the activation drops it from memory once stored or read.</summary>
[GrainType("secagg-record")]
public sealed class SecAggRecordGrain(
    [PersistentState("secagg-record")] IPersistentState<SecAggRecordState> state) : Grain, ISecAggRecordGrain
{
    async Task ISecAggRecordGrain.StoreAsync(ReadOnlyMemory<byte> payload)
    {
        state.State = new SecAggRecordState { Payload = payload.ToArray() };
        await state.WriteStateAsync();
        DeactivateOnIdle();
    }

    Task<ReadOnlyMemory<byte>> ISecAggRecordGrain.GetAsync()
    {
        DeactivateOnIdle();
        return Task.FromResult(state.RecordExists ? (ReadOnlyMemory<byte>)state.State.Payload : ReadOnlyMemory<byte>.Empty);
    }

    async Task ISecAggRecordGrain.ClearAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        DeactivateOnIdle();
    }
}
