using Microsoft.Extensions.DependencyInjection;
using OrleansFed.Runtime.Testing;
using OrleansFed.Runtime.Tests.Grains;
using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Reminders;

public sealed class ReminderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = ManualTimeProvider.DefaultStart;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_one_shot_reminder_fires_once_at_its_due_time_and_is_removed_from_the_table()
    {
        await using var silo = await TestSilo.StartAsync(sqliteDirectory: _directory.Path);
        var grain = silo.Grains.GetGrain<IReminderGrain>("deadline");
        await grain.Register("close-round", TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);
        Assert.Equal(["close-round"], (await grain.ReminderNames()).ToArray());

        silo.Time.Advance(TimeSpan.FromSeconds(19));
        await Eventually.Settle();
        Assert.Equal(0, silo.Probe.CountPrefix("reminder:deadline"));

        silo.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.Until(() => silo.Probe.Count("reminder:deadline:close-round:00:00:20") == 1, "the reminder fired");
        var table = silo.Services.GetRequiredService<IReminderTable>();
        await Eventually.Until(() => table.ReadAllAsync().Result.Count == 0, "the one-shot reminder was removed");

        silo.Time.Advance(TimeSpan.FromMinutes(5));
        await Eventually.Settle();
        Assert.Equal(1, silo.Probe.CountPrefix("reminder:deadline"));
        Assert.Empty(await grain.ReminderNames());
    }

    [Fact]
    public async Task A_reminder_activates_its_grain_when_it_fires()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IReminderGrain>("sleeper");
        await grain.Register("wake", TimeSpan.FromMinutes(20), Timeout.InfiniteTimeSpan);

        // Idle collection (15 minutes by default) removes the activation long before the reminder is due.
        silo.Time.Advance(TimeSpan.FromMinutes(16));
        await Eventually.Until(() => silo.Probe.Count("deactivate:sleeper:ActivationIdle") == 1, "collected while idle");

        silo.Time.Advance(TimeSpan.FromMinutes(4));
        await Eventually.Until(() => silo.Probe.Count("reminder:sleeper:wake:00:20:00") == 1, "the reminder fired");
        Assert.Equal(["activate:sleeper", "deactivate:sleeper:ActivationIdle", "activate:sleeper", "reminder:sleeper:wake:00:20:00"], silo.Probe.EventsFor("sleeper"));
    }

    [Fact]
    public async Task A_periodic_reminder_ticks_on_its_period_until_unregistered()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IReminderGrain>("periodic");
        var id = new GrainId("ReminderGrain", "periodic");
        await grain.Register("beat", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        foreach (var (step, expected) in new[] { (5, "00:00:05"), (10, "00:00:15"), (10, "00:00:25") })
        {
            silo.Time.Advance(TimeSpan.FromSeconds(step));
            await Eventually.Until(() => silo.Probe.Count($"reminder:periodic:beat:{expected}") == 1 && silo.Runtime.Reminders.ArmedFor(id, "beat") is not null, expected);
        }

        await grain.Unregister("beat");
        Assert.Empty(await grain.ReminderNames());
        silo.Time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.Settle();
        Assert.Equal(3, silo.Probe.CountPrefix("reminder:periodic:beat"));
    }

    [Fact]
    public async Task Registering_again_replaces_the_schedule()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IReminderGrain>("moved");
        await grain.Register("deadline", TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        await grain.Register("deadline", TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);

        silo.Time.Advance(TimeSpan.FromSeconds(29));
        await Eventually.Settle();
        Assert.Equal(0, silo.Probe.CountPrefix("reminder:moved"));
        silo.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.Until(() => silo.Probe.Count("reminder:moved:deadline:00:00:30") == 1, "fired at the new time");
    }

    [Fact]
    public async Task A_period_below_the_minimum_is_refused_with_the_limit_in_the_message()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IReminderGrain>("fast");
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => grain.Register("spin", TimeSpan.Zero, TimeSpan.FromMilliseconds(500)));
        Assert.StartsWith(
            "Reminder 'spin': a periodic reminder's period must be at least 00:00:01 (GrainRuntimeOptions.MinimumReminderPeriod)",
            error.Message, StringComparison.Ordinal);
        Assert.Empty(await grain.ReminderNames());
    }

    [Fact]
    public async Task A_reminder_survives_a_silo_restart_and_activates_its_grain_in_the_new_silo()
    {
        var time = new ManualTimeProvider();
        await using (var first = await TestSilo.StartAsync(sqliteDirectory: _directory.Path, time: time))
        {
            await first.Grains.GetGrain<IReminderGrain>("durable").Register("deadline", TimeSpan.FromMinutes(2), Timeout.InfiniteTimeSpan);
            await first.StopAsync();
        }

        time.Advance(TimeSpan.FromMinutes(1));
        await using var second = await TestSilo.StartAsync(sqliteDirectory: _directory.Path, time: time);
        Assert.Equal(0, second.Probe.CountPrefix("activate:durable"));

        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.Until(() => second.Probe.Count("reminder:durable:deadline:00:02:00") == 1, "the reminder fired in the new silo");
        Assert.Equal(["activate:durable", "reminder:durable:deadline:00:02:00"], second.Probe.EventsFor("durable"));
    }

    [Fact]
    public async Task A_one_shot_reminder_that_fell_due_while_no_silo_ran_fires_at_once_after_the_restart()
    {
        var time = new ManualTimeProvider();
        await using (var first = await TestSilo.StartAsync(sqliteDirectory: _directory.Path, time: time))
        {
            await first.Grains.GetGrain<IReminderGrain>("missed").Register("deadline", TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
            await first.StopAsync();
        }

        time.Advance(TimeSpan.FromMinutes(10));
        await using var second = await TestSilo.StartAsync(sqliteDirectory: _directory.Path, time: time);
        time.Advance(TimeSpan.Zero);
        await Eventually.Until(() => second.Probe.Count("reminder:missed:deadline:00:00:30") == 1, "the overdue reminder fired");
        Assert.Equal(T0 + TimeSpan.FromMinutes(10), time.GetUtcNow());
    }

    [Fact]
    public async Task Missed_ticks_of_a_periodic_reminder_collapse_into_one_after_a_restart()
    {
        var time = new ManualTimeProvider();
        var id = new GrainId("ReminderGrain", "collapse");
        await using (var first = await TestSilo.StartAsync(sqliteDirectory: _directory.Path, time: time))
        {
            await first.Grains.GetGrain<IReminderGrain>("collapse").Register("beat", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            await first.StopAsync();
        }

        time.Advance(TimeSpan.FromMinutes(3.5));
        await using var second = await TestSilo.StartAsync(sqliteDirectory: _directory.Path, time: time);
        time.Advance(TimeSpan.Zero);
        await Eventually.Until(
            () => second.Probe.CountPrefix("reminder:collapse:beat") == 1 && second.Runtime.Reminders.ArmedFor(id, "beat") == T0 + TimeSpan.FromMinutes(4),
            "one catch-up tick, next tick on the grid");
        Assert.Equal(1, second.Probe.Count("reminder:collapse:beat:00:03:00"));

        time.Advance(TimeSpan.FromMinutes(0.5));
        await Eventually.Until(() => second.Probe.Count("reminder:collapse:beat:00:04:00") == 1, "the next regular tick");
    }

    [Fact]
    public async Task A_reminder_written_to_the_table_by_another_process_is_picked_up_by_the_next_poll()
    {
        await using var silo = await TestSilo.StartAsync();
        var table = silo.Services.GetRequiredService<IReminderTable>();
        await table.UpsertRowAsync(new ReminderEntry(new GrainId("ReminderGrain", "external"), "deadline", T0.AddSeconds(90), Timeout.InfiniteTimeSpan, null));

        silo.Time.Advance(GrainRuntimeOptions.DefaultReminderPollInterval);
        await Eventually.Until(() => silo.Runtime.Reminders.ArmedFor(new GrainId("ReminderGrain", "external"), "deadline") == T0.AddSeconds(90), "the poll scheduled it");
        silo.Time.Advance(TimeSpan.FromSeconds(30));
        await Eventually.Until(() => silo.Probe.Count("reminder:external:deadline:00:01:30") == 1, "the reminder fired");
    }

    [Fact]
    public async Task A_tick_that_could_not_reach_its_grain_is_retried_after_the_poll_interval()
    {
        var table = new MemoryReminderTable();
        var id = new GrainId("ReminderGrain", "flaky");
        await table.UpsertRowAsync(new ReminderEntry(id, "retry", T0.AddSeconds(10), Timeout.InfiniteTimeSpan, null));
        await using var silo = await TestSilo.StartAsync(configure: s => s.AddSingleton<IReminderTable>(table));

        silo.Time.Advance(TimeSpan.FromSeconds(10));
        var retryAt = T0.AddSeconds(10) + GrainRuntimeOptions.DefaultReminderPollInterval;
        await Eventually.Until(() => silo.Runtime.Reminders.ArmedFor(id, "retry") == retryAt, "the failed delivery is re-armed");
        Assert.Equal(0, silo.Probe.CountPrefix("reminder:flaky"));
        Assert.Single(await table.ReadAllAsync());

        silo.Time.Advance(GrainRuntimeOptions.DefaultReminderPollInterval);
        await Eventually.Until(() => silo.Probe.Count("reminder:flaky:retry:00:00:10") == 1, "delivered on retry, with the original tick time");
        await Eventually.Until(() => table.ReadAllAsync().Result.Count == 0, "then removed");
    }

    [Fact]
    public async Task A_grain_that_is_not_remindable_cannot_register_a_reminder()
    {
        await using var silo = await TestSilo.StartAsync(configure: s => s.AddGrain<INotRemindableGrain, NotRemindableGrain>());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grains.GetGrain<INotRemindableGrain>("n").Register());
        Assert.Equal("Grain class NotRemindableGrain registers reminder 'r' but does not implement IRemindable.", error.Message);
    }
}

public interface INotRemindableGrain : IGrainWithStringKey
{
    Task Register();
}

internal sealed class NotRemindableGrain : Grain, INotRemindableGrain
{
    public Task Register() => RegisterOrUpdateReminder("r", TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);
}
