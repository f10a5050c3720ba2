using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Grains;

public interface IGateGrain : IGrainWithStringKey
{
    /// <summary>Records "wait-start", awaits the probe gate named after the key, records "wait-end".</summary>
    Task WaitAtGate();

    /// <summary>Opens the gate (a normal, non-interleaving call).</summary>
    Task OpenGate();

    /// <summary>Opens the gate; may interleave with a waiting turn.</summary>
    [AlwaysInterleave]
    Task OpenGateInterleaved();

    /// <summary>Starts a timer recording "tick" events.</summary>
    Task StartTimer(TimeSpan dueTime, TimeSpan period);
}

internal class GateGrain(Probe probe) : Grain, IGateGrain
{
    private int _executing;

    public async Task WaitAtGate()
    {
        var key = GetPrimaryKeyString();
        Enter();
        probe.Record($"wait-start:{key}");
        Leave();
        await probe.Gate(key).Task;
        Enter();
        probe.Record($"wait-end:{key}");
        Leave();
    }

    public Task OpenGate()
    {
        Enter();
        probe.Record($"open:{GetPrimaryKeyString()}");
        probe.Open(GetPrimaryKeyString());
        Leave();
        return Task.CompletedTask;
    }

    public Task OpenGateInterleaved() => OpenGate();

    public Task StartTimer(TimeSpan dueTime, TimeSpan period)
    {
        RegisterGrainTimer(
            async _ =>
            {
                var key = GetPrimaryKeyString();
                Enter();
                probe.Record($"tick-start:{key}");
                Leave();
                await Task.Yield();
                Enter();
                probe.Record($"tick-end:{key}");
                Leave();
            },
            dueTime,
            period);
        return Task.CompletedTask;
    }

    /// <summary>Code between awaits of one activation must never run in parallel, reentrant or not.</summary>
    private void Enter()
    {
        if (Interlocked.Increment(ref _executing) != 1)
        {
            probe.Record("parallel-execution");
        }

        Thread.SpinWait(200);
    }

    private void Leave() => Interlocked.Decrement(ref _executing);
}
