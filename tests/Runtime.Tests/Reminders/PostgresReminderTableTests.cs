using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Reminders;

public sealed class PostgresReminderTableTests : ReminderTableConformanceTests
{
    private readonly PostgresTestDatabase _database = new();

    protected override IReminderTable CreateTable() => new PostgresReminderTable(_database.Options());

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task Reminders_survive_a_new_connection_pool()
    {
        var grain = new GrainId("RoundGrain", "r");
        var at = new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var etag = await Table.UpsertRowAsync(new ReminderEntry(grain, "deadline", at, Timeout.InfiniteTimeSpan, null));
        ((IDisposable)Table).Dispose();

        using var reopened = new PostgresReminderTable(_database.Options());
        await reopened.StartAsync();
        var row = Assert.Single(await reopened.ReadAllAsync());
        Assert.Equal(new ReminderEntry(grain, "deadline", at, Timeout.InfiniteTimeSpan, etag), row);
    }

    [Fact]
    public async Task Concurrent_upserts_from_two_tables_never_hand_out_the_same_etag()
    {
        using var other = new PostgresReminderTable(_database.Options());
        await other.StartAsync();
        var grain = new GrainId("RoundGrain", "r");
        var at = new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var etags = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? Table : other).UpsertRowAsync(new ReminderEntry(grain, $"r{i % 5}", at, TimeSpan.FromMinutes(1), null))));
        Assert.Equal(40, etags.Distinct().Count());
        Assert.Equal(5, (await Table.ReadRowsAsync(grain)).Count);
    }

    [Fact]
    public async Task Start_against_an_unreachable_server_fails_at_once()
    {
        using var table = new PostgresReminderTable(new PostgresStorageOptions
        {
            ConnectionString = "Host=127.0.0.1;Port=1;Username=u;Timeout=2",
            Schema = _database.Schema,
        });
        await Assert.ThrowsAnyAsync<Npgsql.NpgsqlException>(() => table.StartAsync());
    }
}
