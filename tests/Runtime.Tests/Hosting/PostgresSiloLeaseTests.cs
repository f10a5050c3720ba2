using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Hosting;

public sealed class PostgresSiloLeaseTests : IDisposable
{
    private readonly PostgresTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_second_silo_stands_by_until_the_first_gives_the_lease_up()
    {
        await using var first = new PostgresSiloLease(_database.Options(), () => { });
        await first.StartAsync(CancellationToken.None);
        Assert.True(first.IsHeld);

        await using var second = new PostgresSiloLease(_database.Options(), () => { });
        var waiting = second.StartAsync(CancellationToken.None);
        // Three retry intervals: the second must still be waiting, since the first holds the lock.
        await Task.Delay(PostgresSiloLease.RetryInterval * 3);
        Assert.False(waiting.IsCompleted);
        Assert.False(second.IsHeld);

        await first.StopAsync(CancellationToken.None);
        Assert.False(first.IsHeld);
        Assert.False(first.WasLost);
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(second.IsHeld);
    }

    [Fact]
    public async Task Leases_of_different_schemas_do_not_block_each_other()
    {
        await using var first = new PostgresSiloLease(_database.Options(), () => { });
        await first.StartAsync(CancellationToken.None);
        var other = _database.Options();
        other.Schema = _database.Schema + "_other";
        await using var second = new PostgresSiloLease(other, () => { });
        await second.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(first.IsHeld);
        Assert.True(second.IsHeld);
    }

    [Fact]
    public async Task Standing_by_can_be_cancelled_and_then_holds_nothing()
    {
        await using var first = new PostgresSiloLease(_database.Options(), () => { });
        await first.StartAsync(CancellationToken.None);
        await using var second = new PostgresSiloLease(_database.Options(), () => { });
        using var cancel = new CancellationTokenSource(PostgresSiloLease.RetryInterval * 2);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.StartAsync(cancel.Token));
        Assert.False(second.IsHeld);
    }

    [Fact]
    public async Task A_silo_whose_lease_connection_is_cut_stops_itself()
    {
        var stopped = new TaskCompletionSource();
        await using var lease = new PostgresSiloLease(_database.Options(), () => stopped.TrySetResult());
        await lease.StartAsync(CancellationToken.None);

        // What a failover or a network cut does to the holder: its session ends, and with it the lock.
        var terminated = _database.Scalar(
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name LIKE 'orleansfed-silo % pid {Environment.ProcessId}'");
        Assert.Equal(1L, terminated);

        await stopped.Task.WaitAsync(PostgresSiloLease.CheckInterval * 4);
        Assert.False(lease.IsHeld);
        Assert.True(lease.WasLost);

        // The lock is free again: another silo takes over.
        await using var next = new PostgresSiloLease(_database.Options(), () => { });
        await next.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(next.IsHeld);
    }
}
