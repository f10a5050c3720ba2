namespace OrleansFed.Runtime.Tests.Grains;

public interface ITurnGrain : IGrainWithStringKey
{
    /// <summary>Enters a turn that spans several awaits; returns the number of completed turns including this one.</summary>
    Task<int> EnterTurn();

    Task<int> Overlaps();

    /// <summary>How many activations of this grain class this key has seen (static per-key count kept by the probe).</summary>
    Task<int> ActivationNumber();
}

internal sealed class TurnGrain(Infrastructure.Probe probe) : Grain, ITurnGrain
{
    private bool _inTurn;
    private int _overlaps;
    private int _completed;
    private int _activationNumber;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activationNumber = probe.Bump($"turn-activations:{GetPrimaryKeyString()}") + 1;
        return Task.CompletedTask;
    }

    public async Task<int> EnterTurn()
    {
        if (_inTurn)
        {
            _overlaps++;
        }

        _inTurn = true;
        await Task.Yield();
        await Task.Delay(TimeSpan.FromMilliseconds(0.1), TimeProvider.System);
        await Task.Yield();
        _inTurn = false;
        return ++_completed;
    }

    public Task<int> Overlaps() => Task.FromResult(_overlaps);

    public Task<int> ActivationNumber() => Task.FromResult(_activationNumber);
}
