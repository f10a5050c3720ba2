using OrleansFed.Runtime.Tests.Grains;
using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Semantics;

public sealed class TurnTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Two_hundred_concurrent_calls_to_a_non_reentrant_grain_never_interleave_and_all_complete()
    {
        var grain = _silo.Grains.GetGrain<ITurnGrain>("turns");
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => grain.EnterTurn())));

        Assert.Equal(Enumerable.Range(1, 200), results.Order());
        Assert.Equal(0, await grain.Overlaps());
    }

    [Fact]
    public async Task Concurrent_first_calls_create_exactly_one_activation()
    {
        var references = Enumerable.Range(0, 64).Select(_ => _silo.Grains.GetGrain<ITurnGrain>("race")).ToArray();
        var numbers = await Task.WhenAll(references.Select(r => Task.Run(() => r.ActivationNumber())));

        Assert.All(numbers, n => Assert.Equal(1, n));
        Assert.Equal(1, _silo.Probe.Bump("turn-activations:race"));
    }

    [Fact]
    public async Task Different_keys_get_different_activations()
    {
        Assert.Equal(1, await _silo.Grains.GetGrain<ITurnGrain>("a").EnterTurn());
        Assert.Equal(1, await _silo.Grains.GetGrain<ITurnGrain>("b").EnterTurn());
        Assert.Equal(2, await _silo.Grains.GetGrain<ITurnGrain>("a").EnterTurn());
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_a_call_with_a_waiting_call()
    {
        var grain = _silo.Grains.GetGrain<IReentrantGateGrain>("re");
        var waiting = grain.WaitAtGate();
        await Eventually.Until(() => _silo.Probe.Count("wait-start:re") == 1, "the first call is waiting at the gate");

        await grain.OpenGate();
        await waiting;

        Assert.Equal(["wait-start:re", "open:re", "wait-end:re"], _silo.Probe.EventsFor("re"));
        Assert.Equal(0, _silo.Probe.Count("parallel-execution"));
    }

    [Fact]
    public async Task An_always_interleave_method_runs_while_a_non_reentrant_turn_waits()
    {
        var grain = _silo.Grains.GetGrain<IGateGrain>("ai");
        var waiting = grain.WaitAtGate();
        await Eventually.Until(() => _silo.Probe.Count("wait-start:ai") == 1, "the first call is waiting at the gate");

        await grain.OpenGateInterleaved();
        await waiting;

        Assert.Equal(["wait-start:ai", "open:ai", "wait-end:ai"], _silo.Probe.EventsFor("ai"));
    }

    [Fact]
    public async Task A_non_reentrant_grain_queues_a_call_behind_a_waiting_turn_until_the_caller_times_out()
    {
        var grain = _silo.Grains.GetGrain<IGateGrain>("nr");
        var waiting = grain.WaitAtGate();
        await Eventually.Until(() => _silo.Probe.Count("wait-start:nr") == 1, "the first call is waiting at the gate");

        var queued = grain.OpenGate();
        await Eventually.Settle();
        Assert.False(queued.IsCompleted);
        Assert.Equal(0, _silo.Probe.Count("open:nr"));

        _silo.Time.Advance(GrainRuntimeOptions.DefaultResponseTimeout);
        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => queued);
        Assert.Contains("Call IGateGrain.OpenGate to grain GateGrain/nr got no response within 00:00:30", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => waiting);

        // The timed-out queued call is dropped, never run; the waiting turn still holds the activation.
        _silo.Probe.Open("nr");
        await Eventually.Until(() => _silo.Probe.Count("wait-end:nr") == 1, "the waiting turn finishes");
        await grain.OpenGateInterleaved();
        Assert.Equal(["wait-start:nr", "wait-end:nr", "open:nr"], _silo.Probe.EventsFor("nr"));
    }

    [Fact]
    public async Task Code_of_a_reentrant_grain_never_runs_in_parallel_between_awaits()
    {
        var grain = _silo.Grains.GetGrain<IReentrantGateGrain>("parallel");
        var waiters = Enumerable.Range(0, 50).Select(_ => Task.Run(() => grain.WaitAtGate())).ToArray();
        await Eventually.Until(() => _silo.Probe.Count("wait-start:parallel") == 50, "all calls are waiting");
        await grain.OpenGate();
        await Task.WhenAll(waiters);

        Assert.Equal(50, _silo.Probe.Count("wait-end:parallel"));
        Assert.Equal(0, _silo.Probe.Count("parallel-execution"));
    }

    [Fact]
    public async Task A_timer_tick_waits_for_the_running_call_and_does_not_interleave_with_it()
    {
        var grain = _silo.Grains.GetGrain<IGateGrain>("timer");
        await grain.StartTimer(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        var waiting = grain.WaitAtGate();
        await Eventually.Until(() => _silo.Probe.Count("wait-start:timer") == 1, "the call is waiting at the gate");

        _silo.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.Settle();
        Assert.Equal(0, _silo.Probe.Count("tick-start:timer"));

        _silo.Probe.Open("timer");
        await waiting;
        await Eventually.Until(() => _silo.Probe.Count("tick-end:timer") == 1, "the timer tick ran");
        Assert.Equal(["wait-start:timer", "wait-end:timer", "tick-start:timer", "tick-end:timer"], _silo.Probe.EventsFor("timer"));
    }

    [Fact]
    public async Task A_call_waits_for_a_running_timer_tick()
    {
        var grain = _silo.Grains.GetGrain<IGateGrain>("tick-first");
        await grain.StartTimer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        _silo.Time.Advance(TimeSpan.FromSeconds(1));
        var call = grain.OpenGate();
        await call;
        await Eventually.Until(() => _silo.Probe.Count("tick-end:tick-first") == 1, "the tick completed");

        var events = _silo.Probe.EventsFor("tick-first");
        var open = events.ToList().IndexOf("open:tick-first");
        Assert.True(open == 0 || open == 2, $"the call ran inside the tick: {string.Join(", ", events)}");
    }
}
