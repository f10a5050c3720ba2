using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Storage;

public sealed class ConformanceState
{
    public string Name { get; set; } = "";

    public int Round { get; set; }

    public List<float> Weights { get; set; } = [];
}

/// <summary>
/// The contract every <see cref="IGrainStorage"/> provider must meet, modelled on Orleans' storage provider tests:
/// ETag optimistic concurrency, duplicate write with an old ETag fails, clear updates the ETag, read after clear.
/// </summary>
public abstract class GrainStorageConformanceTests : IDisposable
{
    private const string StateName = "state";
    private static readonly GrainId Grain = new("RoundGrain", "campaign-1/round-3");

    private readonly Lazy<IGrainStorage> _storage;

    protected GrainStorageConformanceTests() => _storage = new Lazy<IGrainStorage>(CreateStorage);

    protected IGrainStorage Storage => _storage.Value;

    public virtual void Dispose() => GC.SuppressFinalize(this);

    protected abstract IGrainStorage CreateStorage();

    [Fact]
    public async Task Read_of_a_missing_record_gives_a_new_state_without_etag()
    {
        var state = new TestGrainState<ConformanceState> { State = new ConformanceState { Round = 9 }, ETag = "junk", RecordExists = true };
        await Storage.ReadStateAsync(StateName, Grain, state);
        Assert.Equal(0, state.State.Round);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task Write_then_read_round_trips_the_state_and_the_etag()
    {
        var writer = NewState("alpha", 3, 0.5f, -1.25f);
        await Storage.WriteStateAsync(StateName, Grain, writer);
        Assert.NotNull(writer.ETag);
        Assert.True(writer.RecordExists);

        var reader = new TestGrainState<ConformanceState>();
        await Storage.ReadStateAsync(StateName, Grain, reader);
        Assert.Equal("alpha", reader.State.Name);
        Assert.Equal(3, reader.State.Round);
        Assert.Equal([0.5f, -1.25f], reader.State.Weights);
        Assert.Equal(writer.ETag, reader.ETag);
        Assert.True(reader.RecordExists);
    }

    [Fact]
    public async Task Every_write_changes_the_etag()
    {
        var state = NewState("a", 1);
        await Storage.WriteStateAsync(StateName, Grain, state);
        var first = state.ETag;
        state.State.Round = 2;
        await Storage.WriteStateAsync(StateName, Grain, state);
        Assert.NotEqual(first, state.ETag);
    }

    [Fact]
    public async Task Duplicate_write_with_an_old_etag_fails_and_changes_nothing()
    {
        var first = NewState("first", 1);
        await Storage.WriteStateAsync(StateName, Grain, first);
        var stale = new TestGrainState<ConformanceState>();
        await Storage.ReadStateAsync(StateName, Grain, stale);
        var oldETag = stale.ETag;

        first.State.Round = 2;
        await Storage.WriteStateAsync(StateName, Grain, first);

        stale.State.Name = "stale writer";
        stale.State.Round = 99;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, stale));
        Assert.Equal(first.ETag, error.StoredEtag);
        Assert.Equal(oldETag, error.CurrentEtag);
        Assert.Contains("Rejected write of state 'state' of grain RoundGrain/campaign-1/round-3", error.Message, StringComparison.Ordinal);
        Assert.Equal(oldETag, stale.ETag);

        var check = new TestGrainState<ConformanceState>();
        await Storage.ReadStateAsync(StateName, Grain, check);
        Assert.Equal("first", check.State.Name);
        Assert.Equal(2, check.State.Round);
        Assert.Equal(first.ETag, check.ETag);
    }

    [Fact]
    public async Task First_write_without_etag_fails_when_a_record_exists()
    {
        await Storage.WriteStateAsync(StateName, Grain, NewState("owner", 1));
        var intruder = NewState("intruder", 5);
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, intruder));
        Assert.Null(error.CurrentEtag);
        Assert.NotNull(error.StoredEtag);

        var check = new TestGrainState<ConformanceState>();
        await Storage.ReadStateAsync(StateName, Grain, check);
        Assert.Equal("owner", check.State.Name);
    }

    [Fact]
    public async Task Write_with_an_etag_fails_when_no_record_exists()
    {
        var state = NewState("x", 1);
        state.ETag = "7";
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, state));
        Assert.Null(error.StoredEtag);
        Assert.Equal("7", error.CurrentEtag);
        var check = new TestGrainState<ConformanceState>();
        await Storage.ReadStateAsync(StateName, Grain, check);
        Assert.False(check.RecordExists);
    }

    [Fact]
    public async Task Clear_updates_the_etag_so_a_write_with_the_old_etag_fails()
    {
        var owner = NewState("owner", 4);
        await Storage.WriteStateAsync(StateName, Grain, owner);
        var other = new TestGrainState<ConformanceState>();
        await Storage.ReadStateAsync(StateName, Grain, other);
        var before = owner.ETag;

        await Storage.ClearStateAsync(StateName, Grain, owner);
        Assert.NotEqual(before, owner.ETag);
        Assert.False(owner.RecordExists);
        Assert.Equal(0, owner.State.Round);

        other.State.Round = 5;
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, other));
        var check = new TestGrainState<ConformanceState>();
        await Storage.ReadStateAsync(StateName, Grain, check);
        Assert.False(check.RecordExists);
    }

    [Fact]
    public async Task Read_after_clear_gives_the_default_state_and_the_cleared_etag_allows_the_next_write()
    {
        var owner = NewState("owner", 4, 1f);
        await Storage.WriteStateAsync(StateName, Grain, owner);
        await Storage.ClearStateAsync(StateName, Grain, owner);

        var reader = new TestGrainState<ConformanceState>();
        await Storage.ReadStateAsync(StateName, Grain, reader);
        Assert.False(reader.RecordExists);
        Assert.Equal("", reader.State.Name);
        Assert.Empty(reader.State.Weights);
        Assert.Equal(owner.ETag, reader.ETag);

        reader.State.Round = 8;
        await Storage.WriteStateAsync(StateName, Grain, reader);
        var check = new TestGrainState<ConformanceState>();
        await Storage.ReadStateAsync(StateName, Grain, check);
        Assert.True(check.RecordExists);
        Assert.Equal(8, check.State.Round);
    }

    [Fact]
    public async Task An_etag_is_never_reused_after_clear_and_rewrite()
    {
        var owner = NewState("owner", 1);
        await Storage.WriteStateAsync(StateName, Grain, owner);
        var stale = new TestGrainState<ConformanceState>();
        await Storage.ReadStateAsync(StateName, Grain, stale);

        await Storage.ClearStateAsync(StateName, Grain, owner);
        await Storage.WriteStateAsync(StateName, Grain, owner);

        Assert.NotEqual(stale.ETag, owner.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, stale));
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_fails_and_keeps_the_record()
    {
        var owner = NewState("owner", 1);
        await Storage.WriteStateAsync(StateName, Grain, owner);
        var stale = new TestGrainState<ConformanceState>();
        await Storage.ReadStateAsync(StateName, Grain, stale);
        owner.State.Round = 2;
        await Storage.WriteStateAsync(StateName, Grain, owner);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, Grain, stale));
        Assert.Contains("Rejected clear", error.Message, StringComparison.Ordinal);
        var check = new TestGrainState<ConformanceState>();
        await Storage.ReadStateAsync(StateName, Grain, check);
        Assert.True(check.RecordExists);
        Assert.Equal(2, check.State.Round);
    }

    [Fact]
    public async Task Clear_of_a_missing_record_succeeds_without_etag()
    {
        var state = NewState("nothing", 1);
        await Storage.ClearStateAsync(StateName, Grain, state);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Round);
    }

    [Fact]
    public async Task Records_are_keyed_by_state_name_grain_type_and_grain_key()
    {
        var keys = new (string State, GrainId Grain)[]
        {
            ("a", new GrainId("T1", "k")), ("b", new GrainId("T1", "k")), ("a", new GrainId("T2", "k")), ("a", new GrainId("T1", "k2")),
        };
        for (var i = 0; i < keys.Length; i++)
        {
            await Storage.WriteStateAsync(keys[i].State, keys[i].Grain, NewState($"n{i}", i));
        }

        for (var i = 0; i < keys.Length; i++)
        {
            var check = new TestGrainState<ConformanceState>();
            await Storage.ReadStateAsync(keys[i].State, keys[i].Grain, check);
            Assert.Equal($"n{i}", check.State.Name);
            Assert.Equal(i, check.State.Round);
        }
    }

    [Fact]
    public async Task Concurrent_writers_holding_the_same_etag_exactly_one_wins()
    {
        var seed = NewState("seed", 0);
        await Storage.WriteStateAsync(StateName, Grain, seed);
        var writers = Enumerable.Range(1, 16).Select(i => new TestGrainState<ConformanceState>
        {
            State = new ConformanceState { Name = $"w{i}", Round = i },
            ETag = seed.ETag,
            RecordExists = true,
        }).ToArray();

        var outcomes = await Task.WhenAll(writers.Select(async w =>
        {
            try
            {
                await Task.Yield();
                await Storage.WriteStateAsync(StateName, Grain, w);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o));
        var winner = writers[Array.IndexOf(outcomes, true)];
        var check = new TestGrainState<ConformanceState>();
        await Storage.ReadStateAsync(StateName, Grain, check);
        Assert.Equal(winner.State.Name, check.State.Name);
        Assert.Equal(winner.ETag, check.ETag);
    }

    [Fact]
    public async Task A_cancelled_write_throws_and_stores_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Storage.WriteStateAsync(StateName, Grain, NewState("never", 1), cancelled.Token));
        var check = new TestGrainState<ConformanceState>();
        await Storage.ReadStateAsync(StateName, Grain, check);
        Assert.False(check.RecordExists);
    }

    [Fact]
    public async Task The_store_keeps_a_snapshot_not_the_live_object()
    {
        var state = NewState("snap", 1, 1f);
        await Storage.WriteStateAsync(StateName, Grain, state);
        state.State.Weights.Add(2f);
        state.State.Round = 42;

        var check = new TestGrainState<ConformanceState>();
        await Storage.ReadStateAsync(StateName, Grain, check);
        Assert.Equal([1f], check.State.Weights);
        Assert.Equal(1, check.State.Round);
    }

    private static TestGrainState<ConformanceState> NewState(string name, int round, params float[] weights) =>
        new() { State = new ConformanceState { Name = name, Round = round, Weights = [.. weights] } };
}
