using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.Rounds;

/// <summary>
/// Holds one participant's update for one round attempt as its own storage record. The activation drops the update
/// from memory once it is stored or read, so hundreds of stored updates do not stay resident.
/// </summary>
[GrainType("round-update")]
public sealed class RoundUpdateGrain(
    [PersistentState("update")] IPersistentState<RoundUpdateState> state) : Grain, IRoundUpdateGrain
{
    async Task IRoundUpdateGrain.StoreAsync(UpdateBlob update)
    {
        ArgumentNullException.ThrowIfNull(update);
        state.State = new RoundUpdateState
        {
            Round = update.Round,
            SampleCount = update.SampleCount,
            TrainLoss = update.TrainLoss,
            Weights = FloatBytes.ToBytes(update.Weights.Span),
        };
        await state.WriteStateAsync();
        DeactivateOnIdle();
    }

    Task<UpdateBlob?> IRoundUpdateGrain.GetAsync()
    {
        DeactivateOnIdle();
        if (!state.RecordExists)
        {
            return Task.FromResult<UpdateBlob?>(null);
        }

        var s = state.State;
        return Task.FromResult<UpdateBlob?>(new UpdateBlob(s.Round, s.SampleCount, s.TrainLoss, FloatBytes.ToFloats(s.Weights)));
    }

    async Task IRoundUpdateGrain.ClearAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        DeactivateOnIdle();
    }
}
