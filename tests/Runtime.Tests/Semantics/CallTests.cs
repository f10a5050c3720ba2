using Microsoft.Extensions.DependencyInjection;
using OrleansFed.Runtime.Tests.Grains;
using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Semantics;

public sealed class CallTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task An_exception_thrown_after_an_await_reaches_the_caller_with_its_type_and_message()
    {
        var grain = _silo.Grains.GetGrain<IThrowingGrain>("t");
        var error = await Assert.ThrowsAsync<RoundRuleException>(() => grain.ThrowRule("round 3 is closed"));
        Assert.Equal("round 3 is closed", error.Message);
    }

    [Fact]
    public async Task A_faulted_task_and_a_synchronous_throw_reach_the_caller_unchanged()
    {
        var grain = _silo.Grains.GetGrain<IThrowingGrain>("t2");
        var argument = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.ThrowArgument());
        Assert.Equal("round", argument.ParamName);
        Assert.Equal(7, argument.ActualValue);
        var invalid = await Assert.ThrowsAsync<InvalidOperationException>(async () => await grain.ThrowSynchronously());
        Assert.Equal("thrown before any await", invalid.Message);
    }

    [Fact]
    public async Task A_grain_method_exception_other_than_inconsistent_state_keeps_the_activation()
    {
        var grain = _silo.Grains.GetGrain<IThrowingGrain>("keeps");
        await Assert.ThrowsAsync<RoundRuleException>(() => grain.ThrowRule("x"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.ThrowArgument());
        Assert.Equal(2, await grain.CountCalls());
    }

    [Fact]
    public async Task A_grain_can_call_other_grains_while_it_awaits()
    {
        var result = await _silo.Grains.GetGrain<ICycleGrain>("a").Visit(["b", "c", "d"]);
        Assert.Equal("a>b>c>d", result);
    }

    [Fact]
    public async Task A_call_cycle_between_non_reentrant_grains_ends_in_a_call_timeout()
    {
        var call = _silo.Grains.GetGrain<ICycleGrain>("x").Visit(["y", "x"]);
        // Three calls wait (test->x, x->y, and y->x queued behind x's running turn), each with a response-timeout
        // timer, besides the collector and reminder-poll timers.
        await Eventually.Until(() => _silo.Runtime.ActivationCount == 2 && _silo.Time.PendingTimerCount >= 5, "the cycle is waiting");
        Assert.False(call.IsCompleted);

        _silo.Time.Advance(GrainRuntimeOptions.DefaultResponseTimeout);
        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call);
        Assert.Contains("ICycleGrain.Visit", error.Message, StringComparison.Ordinal);

        // Both grains are usable again.
        Assert.Equal("y>x", await _silo.Grains.GetGrain<ICycleGrain>("y").Visit(["x"]));
    }

    [Fact]
    public async Task A_one_way_call_returns_at_once_and_is_delivered()
    {
        var grain = _silo.Grains.GetGrain<ILifecycleGrain>("oneway");
        var task = grain.Notify("hello");
        Assert.True(task.IsCompletedSuccessfully);
        await Eventually.Until(() => _silo.Probe.Count("notify:oneway:hello") == 1, "the one-way call ran");
    }

    [Fact]
    public async Task A_guid_keyed_grain_sees_its_key_and_its_stable_grain_type_name()
    {
        var key = Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff");
        var grain = _silo.Grains.GetGrain<IGuidGrain>(key);
        Assert.Equal(key, await grain.Key());
        Assert.Equal("6f9619ff-8b86-d011-b42d-00cf4fc964ff", await grain.KeyString());
        Assert.Equal(new GrainId("guid-grain", "6f9619ff-8b86-d011-b42d-00cf4fc964ff"), await grain.Id());
        Assert.Equal("6f9619ff-8b86-d011-b42d-00cf4fc964ff", await grain.KeyAtConstruction());
    }

    [Fact]
    public void References_to_the_same_grain_are_equal_and_print_their_grain_id()
    {
        var a = _silo.Grains.GetGrain<ILifecycleGrain>("same");
        var b = _silo.Grains.GetGrain<ILifecycleGrain>("same");
        Assert.Equal(a, b);
        Assert.NotEqual(a, _silo.Grains.GetGrain<ILifecycleGrain>("other"));
        Assert.Equal("GrainReference<ILifecycleGrain>(LifecycleGrain/same)", a.ToString());
    }

    [Fact]
    public void A_reference_to_an_unregistered_interface_is_refused_with_the_fix()
    {
        using var provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(_silo.Time)
            .AddGrainRuntime()
            .AddGrain<ILifecycleGrain, LifecycleGrain>()
            .BuildServiceProvider();
        var grains = provider.GetRequiredService<IGrainFactory>();
        var error = Assert.Throws<InvalidOperationException>(() => grains.GetGrain<ICounterGrain>("c"));
        Assert.Equal(
            "No grain class is registered for grain interface ICounterGrain; call services.AddGrain<ICounterGrain, TGrain>().",
            error.Message);
    }
}
