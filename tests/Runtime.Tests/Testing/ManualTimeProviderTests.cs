using OrleansFed.Runtime.Testing;

namespace OrleansFed.Runtime.Tests.Testing;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Time_stands_still_until_advanced()
    {
        var time = new ManualTimeProvider();
        Assert.Equal(ManualTimeProvider.DefaultStart, time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(ManualTimeProvider.DefaultStart.AddSeconds(90), time.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(90), time.GetElapsedTime(ManualTimeProvider.DefaultStart.UtcTicks));
    }

    [Fact]
    public void Timers_fire_in_due_order_with_the_clock_at_their_due_time()
    {
        var time = new ManualTimeProvider();
        var fired = new List<string>();
        using var late = time.CreateTimer(_ => fired.Add($"late@{time.GetUtcNow():mm:ss}"), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        using var early = time.CreateTimer(_ => fired.Add($"early@{time.GetUtcNow():mm:ss}"), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        using var periodic = time.CreateTimer(_ => fired.Add($"tick@{time.GetUtcNow():mm:ss}"), null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));

        time.Advance(TimeSpan.FromSeconds(45));

        Assert.Equal(["early@00:10", "tick@00:15", "late@00:30", "tick@00:30", "tick@00:45"], fired);
        Assert.Equal(ManualTimeProvider.DefaultStart.AddSeconds(45), time.GetUtcNow());
    }

    [Fact]
    public void A_disposed_or_changed_timer_follows_its_new_schedule()
    {
        var time = new ManualTimeProvider();
        var count = 0;
        var timer = time.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        timer.Change(TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(0, count);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, count);
        timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Dispose();
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, count);
        Assert.Equal(0, time.PendingTimerCount);
    }

    [Fact]
    public async Task Delays_and_timeouts_on_the_provider_complete_when_time_is_advanced()
    {
        var time = new ManualTimeProvider();
        var delay = Task.Delay(TimeSpan.FromMinutes(5), time);
        var never = new TaskCompletionSource();
        var timeout = never.Task.WaitAsync(TimeSpan.FromMinutes(1), time);
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<TimeoutException>(() => timeout);
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(4));
        await delay;
    }

    [Fact]
    public void Moving_the_clock_backwards_is_refused()
    {
        var time = new ManualTimeProvider();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => time.SetUtcNow(ManualTimeProvider.DefaultStart));
    }
}
