using OrleansFed.Runtime.Tests.Grains;
using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Semantics;

public sealed class LifecycleTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task OnActivateAsync_runs_before_the_first_call_and_OnDeactivateAsync_after_the_last()
    {
        var grain = _silo.Grains.GetGrain<ILifecycleGrain>("order");
        Assert.Equal("pong order", await grain.Ping());
        await grain.Ping();
        await grain.DeactivateAfterThisCall();
        await Eventually.Until(() => _silo.Probe.Count("deactivate:order:ApplicationRequested") == 1, "the grain deactivated");

        Assert.Equal(
            ["activate:order", "ping:order", "ping:order", "deactivate-start:order:ApplicationRequested", "deactivate:order:ApplicationRequested"],
            _silo.Probe.EventsFor("order"));
    }

    [Fact]
    public async Task After_DeactivateOnIdle_the_next_call_gets_a_fresh_activation()
    {
        var grain = _silo.Grains.GetGrain<ILifecycleGrain>("fresh");
        await grain.DeactivateAfterThisCall();
        await grain.Ping();

        Assert.Equal(
            ["activate:fresh", "deactivate-start:fresh:ApplicationRequested", "deactivate:fresh:ApplicationRequested", "activate:fresh", "ping:fresh"],
            _silo.Probe.EventsFor("fresh"));
    }

    [Fact]
    public async Task A_call_arriving_while_the_grain_deactivates_waits_and_then_gets_a_fresh_activation()
    {
        var grain = _silo.Grains.GetGrain<ILifecycleGrain>("slow-deactivate");
        await grain.DeactivateAfterThisCall();
        await Eventually.Until(() => _silo.Probe.CountPrefix("deactivate-start:slow-deactivate") == 1, "deactivation started");

        var ping = grain.Ping();
        await Eventually.Settle();
        Assert.False(ping.IsCompleted);
        Assert.Equal(1, _silo.Probe.Count("activate:slow-deactivate"));

        _silo.Probe.Open("deactivate:slow-deactivate");
        Assert.Equal("pong slow-deactivate", await ping);
        Assert.Equal(
            [
                "activate:slow-deactivate",
                "deactivate-start:slow-deactivate:ApplicationRequested",
                "deactivate:slow-deactivate:ApplicationRequested",
                "activate:slow-deactivate",
                "ping:slow-deactivate",
            ],
            _silo.Probe.EventsFor("slow-deactivate"));
    }

    [Fact]
    public async Task A_failed_activation_fails_the_call_with_the_cause_and_the_next_call_activates_afresh()
    {
        var grain = _silo.Grains.GetGrain<ILifecycleGrain>("fail-once");
        var error = await Assert.ThrowsAsync<GrainActivationException>(() => grain.Ping());
        Assert.Equal(
            "Activation of grain LifecycleGrain/fail-once (class LifecycleGrain) failed: InvalidOperationException: first activation fails on purpose",
            error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);

        Assert.Equal("pong fail-once", await grain.Ping());
        Assert.Equal(["activate:fail-once", "ping:fail-once"], _silo.Probe.EventsFor("fail-once"));
    }

    [Fact]
    public async Task Stopping_the_host_deactivates_every_activation_gracefully()
    {
        foreach (var key in new[] { "s1", "s2", "s3" })
        {
            await _silo.Grains.GetGrain<ILifecycleGrain>(key).Ping();
        }

        await _silo.StopAsync();

        foreach (var key in new[] { "s1", "s2", "s3" })
        {
            Assert.Equal(1, _silo.Probe.Count($"deactivate:{key}:ShuttingDown"));
        }

        Assert.Equal(0, _silo.Runtime.ActivationCount);
        var error = await Assert.ThrowsAsync<GrainActivationException>(() => _silo.Grains.GetGrain<ILifecycleGrain>("late").Ping());
        Assert.Equal("Grain LifecycleGrain/late cannot be activated: the grain runtime is stopping.", error.Message);
    }

    [Fact]
    public async Task A_timer_ticks_periodically_stops_when_disposed_and_dies_with_its_activation()
    {
        var grain = _silo.Grains.GetGrain<ILifecycleGrain>("ticker");
        await grain.StartTimer(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
        for (var expected = 1; expected <= 3; expected++)
        {
            _silo.Time.Advance(expected == 1 ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(5));
            await Eventually.Until(() => _silo.Probe.Count("tick:ticker") == expected, $"tick {expected}");
        }

        await grain.StopTimer();
        _silo.Time.Advance(TimeSpan.FromSeconds(30));
        await Eventually.Settle();
        Assert.Equal(3, _silo.Probe.Count("tick:ticker"));

        await grain.StartTimer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        await grain.DeactivateAfterThisCall();
        await Eventually.Until(() => _silo.Probe.Count("deactivate:ticker:ApplicationRequested") == 1, "deactivated");
        _silo.Time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.Settle();
        Assert.Equal(3, _silo.Probe.Count("tick:ticker"));
        Assert.Equal(1, _silo.Probe.Count("activate:ticker"));
    }
}
