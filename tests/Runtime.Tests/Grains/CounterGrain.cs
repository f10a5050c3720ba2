using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();

    Task<int> ValueSeenAtActivation();

    Task Clear();
}

public sealed class CounterState
{
    public int Value { get; set; }
}

internal sealed class CounterGrain(
    [PersistentState("counter")] IPersistentState<CounterState> state,
    Probe probe) : Grain, ICounterGrain
{
    private int _valueAtActivation = -1;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _valueAtActivation = state.State.Value;
        probe.Record($"activate:{GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivate:{GetPrimaryKeyString()}:{reason.ReasonCode}");
        return Task.CompletedTask;
    }

    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task<int> ValueSeenAtActivation() => Task.FromResult(_valueAtActivation);

    public Task Clear() => state.ClearStateAsync();
}
