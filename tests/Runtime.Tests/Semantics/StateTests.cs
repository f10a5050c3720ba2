using Microsoft.Extensions.DependencyInjection;
using OrleansFed.Runtime.Core;
using OrleansFed.Runtime.Diagnostics;
using OrleansFed.Runtime.Testing;
using OrleansFed.Runtime.Tests.Grains;
using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Semantics;

public sealed class StateTests : IDisposable
{
    private static readonly GrainId Counter = new("CounterGrain", "c");
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task State_is_read_before_OnActivateAsync()
    {
        await using var silo = await TestSilo.StartAsync();
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        await storage.WriteStateAsync("counter", Counter, new TestGrainState<CounterState> { State = new CounterState { Value = 41 } });

        var grain = silo.Grains.GetGrain<ICounterGrain>("c");
        Assert.Equal(41, await grain.ValueSeenAtActivation());
        Assert.Equal(42, await grain.Increment());
    }

    [Fact]
    public async Task An_inconsistent_state_exception_reaches_the_caller_and_the_next_call_rereads_the_state()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ICounterGrain>("c");
        Assert.Equal(1, await grain.Increment());

        // Another writer changes the record behind the activation's back.
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var other = new TestGrainState<CounterState>();
        await storage.ReadStateAsync("counter", Counter, other);
        other.State.Value = 100;
        await storage.WriteStateAsync("counter", Counter, other);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Increment());
        Assert.Equal(other.ETag, error.StoredEtag);

        Assert.Equal(101, await grain.Increment());
        Assert.Equal(
            ["activate:c", "deactivate:c:ApplicationError", "activate:c"],
            silo.Probe.EventsFor("c"));
    }

    [Fact]
    public async Task Two_persistent_states_on_one_record_the_second_writer_fails_and_the_record_keeps_the_first_write()
    {
        using var storage = new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = _directory.Path });
        using var instruments = new RuntimeInstruments();
        var first = new PersistentState<CounterState>("counter", "Default", storage, Counter, instruments);
        var second = new PersistentState<CounterState>("counter", "Default", storage, Counter, instruments);
        IPersistentState<CounterState> a = first;
        IPersistentState<CounterState> b = second;
        await a.ReadStateAsync();
        await b.ReadStateAsync();

        a.State.Value = 1;
        await a.WriteStateAsync();
        b.State.Value = 2;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => b.WriteStateAsync());
        Assert.Equal(a.Etag, error.StoredEtag);
        Assert.Null(error.CurrentEtag);
        Assert.Null(b.Etag);

        var check = new TestGrainState<CounterState>();
        await storage.ReadStateAsync("counter", Counter, check);
        Assert.Equal(1, check.State.Value);
        Assert.Equal(a.Etag, check.ETag);

        await b.ReadStateAsync();
        Assert.Equal(1, b.State.Value);
        Assert.True(b.RecordExists);
    }

    [Fact]
    public async Task Clearing_state_through_the_grain_resets_it_and_a_fresh_activation_sees_no_record()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ICounterGrain>("c");
        await grain.Increment();
        await grain.Clear();
        Assert.Equal(0, await grain.Get());

        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var check = new TestGrainState<CounterState>();
        await storage.ReadStateAsync("counter", Counter, check);
        Assert.False(check.RecordExists);
        Assert.Equal(1, await grain.Increment());
    }

    [Fact]
    public async Task State_survives_a_silo_restart_on_the_same_sqlite_file()
    {
        var time = new ManualTimeProvider();
        await using (var first = await TestSilo.StartAsync(sqliteDirectory: _directory.Path, time: time))
        {
            var grain = first.Grains.GetGrain<ICounterGrain>("c");
            for (var i = 0; i < 3; i++)
            {
                await grain.Increment();
            }

            await first.StopAsync();
            Assert.Equal(1, first.Probe.Count("deactivate:c:ShuttingDown"));
        }

        await using var second = await TestSilo.StartAsync(sqliteDirectory: _directory.Path, time: time);
        var restarted = second.Grains.GetGrain<ICounterGrain>("c");
        Assert.Equal(3, await restarted.ValueSeenAtActivation());
        Assert.Equal(4, await restarted.Increment());
    }

    [Fact]
    public async Task A_grain_whose_storage_is_not_registered_fails_activation_naming_the_missing_provider()
    {
        await using var silo = await TestSilo.StartAsync(configure: s => s.AddGrain<IMisconfiguredGrain, MisconfiguredGrain>());
        var error = await Assert.ThrowsAsync<GrainActivationException>(() => silo.Grains.GetGrain<IMisconfiguredGrain>("m").Ping());
        Assert.Equal(
            "Grain class MisconfiguredGrain needs grain storage 'Archive' for state 'data', but none is registered under that name; " +
            "call AddSqliteGrainStorage(\"Archive\") or AddMemoryGrainStorage(\"Archive\").",
            error.Message);
    }
}

public interface IMisconfiguredGrain : IGrainWithStringKey
{
    Task Ping();
}

internal sealed class MisconfiguredGrain([PersistentState("data", "Archive")] IPersistentState<CounterState> state) : Grain, IMisconfiguredGrain
{
    public Task Ping() => Task.FromResult(state.State.Value);
}
