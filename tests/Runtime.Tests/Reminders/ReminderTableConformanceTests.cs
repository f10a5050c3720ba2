namespace OrleansFed.Runtime.Tests.Reminders;

/// <summary>The contract of every <see cref="IReminderTable"/>, run against the memory and SQLite tables.</summary>
public abstract class ReminderTableConformanceTests : IAsyncLifetime
{
    private static readonly GrainId Round = new("RoundGrain", "c1/3");
    private static readonly GrainId Other = new("RoundGrain", "c1/4");
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);

    protected IReminderTable Table { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Table = CreateTable();
        await Table.StartAsync();
    }

    public virtual Task DisposeAsync()
    {
        (Table as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    protected abstract IReminderTable CreateTable();

    [Fact]
    public async Task Upsert_then_read_round_trips_times_periods_and_the_etag()
    {
        var etag = await Table.UpsertRowAsync(new ReminderEntry(Round, "deadline", Start, Timeout.InfiniteTimeSpan, null));
        await Table.UpsertRowAsync(new ReminderEntry(Round, "heartbeat", Start.AddTicks(7), TimeSpan.FromSeconds(90), null));

        var deadline = await Table.ReadRowAsync(Round, "deadline");
        Assert.NotNull(deadline);
        Assert.Equal(Start, deadline.StartAt);
        Assert.True(deadline.IsOneShot);
        Assert.Equal(etag, deadline.ETag);
        var heartbeat = await Table.ReadRowAsync(Round, "heartbeat");
        Assert.Equal(Start.AddTicks(7), heartbeat!.StartAt);
        Assert.Equal(TimeSpan.FromSeconds(90), heartbeat.Period);
        Assert.False(heartbeat.IsOneShot);
    }

    [Fact]
    public async Task Upsert_of_an_existing_reminder_replaces_it_and_changes_the_etag()
    {
        var first = await Table.UpsertRowAsync(new ReminderEntry(Round, "r", Start, TimeSpan.FromMinutes(1), null));
        var second = await Table.UpsertRowAsync(new ReminderEntry(Round, "r", Start.AddHours(1), TimeSpan.FromMinutes(2), null));
        Assert.NotEqual(first, second);
        var row = await Table.ReadRowAsync(Round, "r");
        Assert.Equal(Start.AddHours(1), row!.StartAt);
        Assert.Equal(TimeSpan.FromMinutes(2), row.Period);
        Assert.Single(await Table.ReadAllAsync());
    }

    [Fact]
    public async Task Remove_with_a_stale_etag_fails_and_keeps_the_row()
    {
        var stale = await Table.UpsertRowAsync(new ReminderEntry(Round, "r", Start, TimeSpan.FromMinutes(1), null));
        var current = await Table.UpsertRowAsync(new ReminderEntry(Round, "r", Start, TimeSpan.FromMinutes(1), null));
        Assert.False(await Table.RemoveRowAsync(Round, "r", stale));
        Assert.NotNull(await Table.ReadRowAsync(Round, "r"));
        Assert.True(await Table.RemoveRowAsync(Round, "r", current));
        Assert.Null(await Table.ReadRowAsync(Round, "r"));
        Assert.False(await Table.RemoveRowAsync(Round, "r", current));
    }

    [Fact]
    public async Task An_etag_is_not_reused_after_remove_and_reinsert()
    {
        var first = await Table.UpsertRowAsync(new ReminderEntry(Round, "r", Start, Timeout.InfiniteTimeSpan, null));
        Assert.True(await Table.RemoveRowAsync(Round, "r", first));
        var second = await Table.UpsertRowAsync(new ReminderEntry(Round, "r", Start, Timeout.InfiniteTimeSpan, null));
        Assert.NotEqual(first, second);
        Assert.False(await Table.RemoveRowAsync(Round, "r", first));
    }

    [Fact]
    public async Task Rows_are_read_per_grain_and_in_total()
    {
        await Table.UpsertRowAsync(new ReminderEntry(Round, "a", Start, Timeout.InfiniteTimeSpan, null));
        await Table.UpsertRowAsync(new ReminderEntry(Round, "b", Start, Timeout.InfiniteTimeSpan, null));
        await Table.UpsertRowAsync(new ReminderEntry(Other, "a", Start, Timeout.InfiniteTimeSpan, null));

        Assert.Equal(["a", "b"], (await Table.ReadRowsAsync(Round)).Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.Equal(["a"], (await Table.ReadRowsAsync(Other)).Select(r => r.ReminderName));
        Assert.Equal(3, (await Table.ReadAllAsync()).Count);
        Assert.Null(await Table.ReadRowAsync(Other, "b"));
    }
}
