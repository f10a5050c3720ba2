using OrleansFed.Runtime.Testing;
using OrleansFed.Runtime.Tests.Grains;
using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Semantics;

public sealed class IdleCollectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Age = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Quantum = TimeSpan.FromMinutes(1);
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(o =>
    {
        o.CollectionAge = Age;
        o.CollectionQuantum = Quantum;
    });

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task An_activation_idle_for_the_collection_age_is_deactivated_and_calls_reset_the_age()
    {
        var grain = _silo.Grains.GetGrain<ILifecycleGrain>("idle");
        await grain.Ping();

        _silo.Time.Advance(TimeSpan.FromMinutes(9));
        await grain.Ping();
        _silo.Time.Advance(TimeSpan.FromMinutes(9));
        await Eventually.Settle();
        Assert.Equal(0, _silo.Probe.CountPrefix("deactivate-start:idle"));

        _silo.Time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.Until(() => _silo.Probe.Count("deactivate:idle:ActivationIdle") == 1, "idle collection");
        Assert.Equal(1, _silo.Probe.Count("activate:idle"));

        await grain.Ping();
        Assert.Equal(2, _silo.Probe.Count("activate:idle"));
    }

    [Fact]
    public async Task Timer_ticks_do_not_keep_an_activation_alive()
    {
        var grain = _silo.Grains.GetGrain<ILifecycleGrain>("timer-only");
        await grain.StartTimer(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));

        // Steps of 15 s: every timer and collector scan falls due exactly at the end of a step, and each step waits
        // until the tick ran and re-armed (three armed timers: collector, reminder poll, grain timer) or collection began.
        const int armed = 3;
        while (_silo.Probe.CountPrefix("deactivate-start:timer-only") == 0 && _silo.Time.GetUtcNow() < ManualTimeProvider.DefaultStart.AddMinutes(15))
        {
            _silo.Time.Advance(TimeSpan.FromSeconds(15));
            await Eventually.Until(
                () => _silo.Time.PendingTimerCount == armed || _silo.Probe.CountPrefix("deactivate-start:timer-only") == 1, "tick done or collected");
        }

        await Eventually.Until(() => _silo.Probe.Count("deactivate:timer-only:ActivationIdle") == 1, "collected despite its timer");
        Assert.Equal(ManualTimeProvider.DefaultStart.AddMinutes(10), _silo.Time.GetUtcNow());
        Assert.Equal(19, _silo.Probe.Count("tick:timer-only"));
    }

    [Fact]
    public async Task Reminder_ticks_keep_an_activation_alive()
    {
        var grain = _silo.Grains.GetGrain<IReminderGrain>("reminded");
        var id = new GrainId("ReminderGrain", "reminded");
        await grain.Register("beat", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        for (var minute = 1; minute <= 30; minute++)
        {
            _silo.Time.Advance(TimeSpan.FromMinutes(1));
            var ticks = minute / 5;
            var nextTick = ManualTimeProvider.DefaultStart + TimeSpan.FromMinutes(5 * (ticks + 1));
            await Eventually.Until(
                () => _silo.Probe.CountPrefix("reminder:reminded:beat") == ticks && _silo.Runtime.Reminders.ArmedFor(id, "beat") == nextTick,
                $"{ticks} reminder ticks by minute {minute}, next armed");
        }

        Assert.Equal(0, _silo.Probe.CountPrefix("deactivate:reminded"));
        Assert.Equal(1, _silo.Probe.Count("activate:reminded"));
    }

    [Fact]
    public async Task A_long_running_call_is_not_collected_while_it_runs()
    {
        var gate = _silo.Grains.GetGrain<IGateGrain>("busy");
        var waiting = gate.WaitAtGate();
        await Eventually.Until(() => _silo.Probe.Count("wait-start:busy") == 1, "the call is running");

        // Well past the collection age: the caller gives up after the response timeout, the turn keeps running.
        for (var minute = 0; minute < 12; minute++)
        {
            _silo.Time.Advance(TimeSpan.FromMinutes(1));
        }

        await Eventually.Settle();
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => waiting);
        Assert.Equal(0, _silo.Probe.Count("wait-end:busy"));
        Assert.Equal(1, _silo.Runtime.ActivationCount);
        _silo.Probe.Open("busy");
        await Eventually.Until(() => _silo.Probe.Count("wait-end:busy") == 1, "the call finished in the same activation");
    }
}
