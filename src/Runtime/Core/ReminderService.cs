using OrleansFed.Runtime.Diagnostics;

namespace OrleansFed.Runtime.Core;

/// <summary>
/// Fires durable reminders. Every reminder in the table has a timer on the runtime's clock; when it fires, the tick is
/// delivered to the grain (activating it), then a periodic reminder is re-armed on its grid (missed ticks collapse
/// into one) and a one-shot reminder is removed from the table. At start, and every
/// <see cref="GrainRuntimeOptions.ReminderPollInterval"/>, the table is re-read so reminders written by another
/// process (or before a restart) are picked up; a reminder whose due time passed while no silo ran fires at once.
/// </summary>
internal sealed class ReminderService
{
    private readonly GrainRuntime _runtime;
    private readonly IReminderTable? _table;
    private readonly Dictionary<(GrainId Grain, string Name), ScheduledReminder> _scheduled = [];
    private readonly HashSet<(GrainId Grain, string Name, string ETag)> _retired = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private volatile bool _started;
    private bool _stopped;
    private long _sequence;
    private ITimer? _poll;

    public ReminderService(GrainRuntime runtime, IReminderTable? table)
    {
        _runtime = runtime;
        _table = table;
    }

    private IReminderTable Table => _table ?? throw new InvalidOperationException(
        "No reminder table is registered; call services.AddSqliteReminders() or services.AddMemoryReminders().");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_table is null)
        {
            return;
        }

        await EnsureTableStartedAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        var interval = _runtime.Options.ReminderPollInterval;
        _poll = _runtime.TimeProvider.CreateTimer(static s => _ = ((ReminderService)s!).PollAsync(), this, interval, interval);
    }

    public Task StopAsync()
    {
        ScheduledReminder[] scheduled;
        lock (_lock)
        {
            _stopped = true;
            scheduled = [.. _scheduled.Values];
            _scheduled.Clear();
        }

        _poll?.Dispose();
        foreach (var reminder in scheduled)
        {
            reminder.Timer.Dispose();
        }

        return Task.CompletedTask;
    }

    /// <summary>When the reminder's timer will fire next; null if it is not scheduled or a tick is being delivered.</summary>
    internal DateTimeOffset? ArmedFor(GrainId grainId, string reminderName)
    {
        lock (_lock)
        {
            return _scheduled.GetValueOrDefault((grainId, reminderName))?.ArmedFor;
        }
    }

    public async Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reminderName);
        if (dueTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, $"Reminder '{reminderName}': the due time must be zero or more.");
        }

        var minimum = _runtime.Options.MinimumReminderPeriod;
        if (period != Timeout.InfiniteTimeSpan && period < minimum)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period,
                $"Reminder '{reminderName}': a periodic reminder's period must be at least {minimum} (GrainRuntimeOptions.MinimumReminderPeriod); " +
                "use Timeout.InfiniteTimeSpan for a one-shot reminder.");
        }

        await EnsureTableStartedAsync(_runtime.StoppingToken).ConfigureAwait(false);
        var entry = new ReminderEntry(grainId, reminderName, _runtime.TimeProvider.GetUtcNow() + dueTime, period, null);
        var etag = await Table.UpsertRowAsync(entry, _runtime.StoppingToken).ConfigureAwait(false);
        entry = entry with { ETag = etag };
        Schedule(entry, entry.StartAt);
        return new GrainReminder(grainId, reminderName, etag);
    }

    public async Task<IGrainReminder?> GetAsync(GrainId grainId, string reminderName)
    {
        await EnsureTableStartedAsync(_runtime.StoppingToken).ConfigureAwait(false);
        var row = await Table.ReadRowAsync(grainId, reminderName, _runtime.StoppingToken).ConfigureAwait(false);
        return row is null ? null : new GrainReminder(grainId, reminderName, row.ETag!);
    }

    public async Task<IReadOnlyList<IGrainReminder>> GetAllAsync(GrainId grainId)
    {
        await EnsureTableStartedAsync(_runtime.StoppingToken).ConfigureAwait(false);
        var rows = await Table.ReadRowsAsync(grainId, _runtime.StoppingToken).ConfigureAwait(false);
        return [.. rows.Select(r => new GrainReminder(grainId, r.ReminderName, r.ETag!))];
    }

    /// <summary>Removes the reminder with the handle's name, whatever its current ETag: unregistering is idempotent.</summary>
    public async Task UnregisterAsync(GrainId grainId, IGrainReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        await EnsureTableStartedAsync(_runtime.StoppingToken).ConfigureAwait(false);
        var name = reminder.ReminderName;
        Unschedule(grainId, name, etag: null);
        while (await Table.ReadRowAsync(grainId, name, _runtime.StoppingToken).ConfigureAwait(false) is { } row)
        {
            if (await Table.RemoveRowAsync(grainId, name, row.ETag!, _runtime.StoppingToken).ConfigureAwait(false))
            {
                break;
            }
        }

        Unschedule(grainId, name, etag: null);
    }

    private async Task EnsureTableStartedAsync(CancellationToken cancellationToken)
    {
        if (_started)
        {
            return;
        }

        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_started)
            {
                await Table.StartAsync(cancellationToken).ConfigureAwait(false);
                _started = true;
            }
        }
        finally
        {
            _startGate.Release();
        }
    }

    private async Task PollAsync()
    {
        try
        {
            await RefreshAsync(_runtime.StoppingToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!_runtime.StoppingToken.IsCancellationRequested)
        {
            RuntimeLog.ReminderRefreshFailed(_runtime.Log, exception);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Schedules rows that are new or changed and drops local reminders whose rows are gone. Local changes
    /// made after the read began are left alone (their sequence number is newer than the snapshot).</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        long snapshot;
        lock (_lock)
        {
            snapshot = _sequence;
        }

        var rows = await Table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var now = _runtime.TimeProvider.GetUtcNow();
        var present = new HashSet<(GrainId, string)>();
        var toSchedule = new List<ReminderEntry>();
        var toDrop = new List<ScheduledReminder>();
        lock (_lock)
        {
            foreach (var row in rows)
            {
                present.Add((row.GrainId, row.ReminderName));
                var known = _scheduled.GetValueOrDefault((row.GrainId, row.ReminderName));
                if ((known is null || known.Entry.ETag != row.ETag && known.Sequence <= snapshot)
                    && !_retired.Contains((row.GrainId, row.ReminderName, row.ETag!)))
                {
                    toSchedule.Add(row);
                }
            }

            foreach (var (key, reminder) in _scheduled)
            {
                if (!present.Contains(key) && reminder.Sequence <= snapshot && !reminder.Delivering)
                {
                    toDrop.Add(reminder);
                }
            }

            _retired.RemoveWhere(r => !present.Contains((r.Grain, r.Name)));
        }

        foreach (var reminder in toDrop)
        {
            Unschedule(reminder.Entry.GrainId, reminder.Entry.ReminderName, reminder.Entry.ETag);
        }

        foreach (var row in toSchedule)
        {
            if (!_runtime.IsRemindable(row.GrainId.Type))
            {
                RuntimeLog.ReminderForUnknownGrain(_runtime.Log, row.ReminderName, row.GrainId);
                continue;
            }

            Schedule(row, FirstDueTick(row, now));
        }
    }

    /// <summary>The tick to deliver first for a row read from the table: its start if still ahead; otherwise, for a
    /// periodic reminder, the latest grid point already passed (missed ticks collapse into one, delivered at once).</summary>
    private static DateTimeOffset FirstDueTick(ReminderEntry entry, DateTimeOffset now)
    {
        if (entry.StartAt >= now || entry.IsOneShot)
        {
            return entry.StartAt;
        }

        var elapsed = (now - entry.StartAt).Ticks / entry.Period.Ticks;
        return entry.StartAt + TimeSpan.FromTicks(elapsed * entry.Period.Ticks);
    }

    private void Schedule(ReminderEntry entry, DateTimeOffset tick)
    {
        ScheduledReminder? replaced;
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            var key = (entry.GrainId, entry.ReminderName);
            replaced = _scheduled.GetValueOrDefault(key);
            var scheduled = new ScheduledReminder(entry, ++_sequence);
            _scheduled[key] = scheduled;
            scheduled.Arm(this, tick);
        }

        replaced?.Timer.Dispose();
    }

    private void Unschedule(GrainId grainId, string name, string? etag)
    {
        ScheduledReminder? removed = null;
        lock (_lock)
        {
            if (_scheduled.TryGetValue((grainId, name), out var scheduled) && (etag is null || scheduled.Entry.ETag == etag))
            {
                _scheduled.Remove((grainId, name));
                removed = scheduled;
            }
        }

        removed?.Timer.Dispose();
    }

    private async Task FireSafelyAsync(ScheduledReminder reminder, DateTimeOffset tick)
    {
        try
        {
            await FireAsync(reminder, tick).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            RuntimeLog.ReminderTickFailed(_runtime.Log, reminder.Entry.ReminderName, reminder.Entry.GrainId, exception);
        }
    }

    private async Task FireAsync(ScheduledReminder reminder, DateTimeOffset tick)
    {
        var entry = reminder.Entry;
        lock (_lock)
        {
            if (_stopped || _scheduled.GetValueOrDefault((entry.GrainId, entry.ReminderName)) != reminder)
            {
                return;
            }

            reminder.Delivering = true;
            reminder.ArmedFor = null;
        }

        var status = new TickStatus(entry.StartAt, entry.Period, tick);
        var delivered = await _runtime.DeliverReminderAsync(entry.GrainId, entry.ReminderName, status).ConfigureAwait(false);
        if (delivered)
        {
            _runtime.Instruments.ReminderTicked(entry.GrainId.Type);
        }

        if (delivered && entry.IsOneShot)
        {
            await RetireOneShotAsync(reminder).ConfigureAwait(false);
            return;
        }

        lock (_lock)
        {
            reminder.Delivering = false;
            if (_stopped || _scheduled.GetValueOrDefault((entry.GrainId, entry.ReminderName)) != reminder)
            {
                return;
            }

            // Not delivered (activation failed or timed out before the handler ran): retry after the poll interval.
            var now = _runtime.TimeProvider.GetUtcNow();
            var next = !delivered ? now + _runtime.Options.ReminderPollInterval : NextTick(entry, tick, now);
            reminder.Arm(this, delivered ? next : tick, at: next);
        }
    }

    private static DateTimeOffset NextTick(ReminderEntry entry, DateTimeOffset tick, DateTimeOffset now)
    {
        var next = tick + entry.Period;
        if (next > now)
        {
            return next;
        }

        var skipped = (now - entry.StartAt).Ticks / entry.Period.Ticks + 1;
        return entry.StartAt + TimeSpan.FromTicks(skipped * entry.Period.Ticks);
    }

    private async Task RetireOneShotAsync(ScheduledReminder reminder)
    {
        var entry = reminder.Entry;
        lock (_lock)
        {
            _retired.Add((entry.GrainId, entry.ReminderName, entry.ETag!));
        }

        try
        {
            // Removes the row only if it was not re-registered meanwhile (the ETag would differ).
            await Table.RemoveRowAsync(entry.GrainId, entry.ReminderName, entry.ETag!, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            RuntimeLog.ReminderRefreshFailed(_runtime.Log, exception);
        }

        Unschedule(entry.GrainId, entry.ReminderName, entry.ETag);
    }

    /// <summary>One reminder with its timer. <see cref="Arm"/> is called under the service's lock.</summary>
    private sealed class ScheduledReminder(ReminderEntry entry, long sequence)
    {
        public ReminderEntry Entry { get; } = entry;

        public long Sequence { get; } = sequence;

        public bool Delivering { get; set; }

        /// <summary>The time the timer is armed for; null while a tick is being delivered.</summary>
        public DateTimeOffset? ArmedFor { get; set; }

        public ITimer Timer { get; private set; } = null!;

        public void Arm(ReminderService service, DateTimeOffset tick, DateTimeOffset? at = null)
        {
            var clock = service._runtime.TimeProvider;
            ArmedFor = at ?? tick;
            var delay = ArmedFor.Value - clock.GetUtcNow();
            Timer?.Dispose();
            Timer = clock.CreateTimer(
                static s =>
                {
                    var (service, reminder, tick) = ((ReminderService, ScheduledReminder, DateTimeOffset))s!;
                    _ = service.FireSafelyAsync(reminder, tick);
                },
                (service, this, tick),
                delay < TimeSpan.Zero ? TimeSpan.Zero : delay,
                Timeout.InfiniteTimeSpan);
        }
    }
}
