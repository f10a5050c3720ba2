using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Reminders;

public sealed class SqliteReminderTableTests : ReminderTableConformanceTests
{
    private readonly TempDirectory _directory = new();

    protected override IReminderTable CreateTable() => new SqliteReminderTable(new SqliteStorageOptions { DataDirectory = _directory.Path });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Reminders_survive_reopening_the_file()
    {
        var grain = new GrainId("RoundGrain", "r");
        var at = new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var etag = await Table.UpsertRowAsync(new ReminderEntry(grain, "deadline", at, Timeout.InfiniteTimeSpan, null));
        ((IDisposable)Table).Dispose();

        using var reopened = new SqliteReminderTable(new SqliteStorageOptions { DataDirectory = _directory.Path });
        await reopened.StartAsync();
        var row = Assert.Single(await reopened.ReadAllAsync());
        Assert.Equal(new ReminderEntry(grain, "deadline", at, Timeout.InfiniteTimeSpan, etag), row);
    }

    [Fact]
    public async Task Using_the_table_before_start_is_refused_with_a_clear_message()
    {
        using var table = new SqliteReminderTable(new SqliteStorageOptions { DataDirectory = _directory.Path });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => table.ReadAllAsync());
        Assert.Contains("not started", error.Message, StringComparison.Ordinal);
    }
}
