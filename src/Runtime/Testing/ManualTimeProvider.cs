namespace OrleansFed.Runtime.Testing;

/// <summary>
/// A fake clock for tests. Time stands still until <see cref="Advance"/> or <see cref="SetUtcNow"/> moves it; timers
/// created through <see cref="CreateTimer"/> (and so <c>Task.Delay</c>, <c>WaitAsync</c> and timed cancellation sources
/// given this provider) fire synchronously on the advancing thread, in due-time order, with the clock set to each
/// timer's due time while its callback runs.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>The default start time: 2025-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _sequence;

    /// <summary>Creates a clock reading <paramref name="start"/> (default <see cref="DefaultStart"/>).</summary>
    /// <param name="start">The initial time.</param>
    public ManualTimeProvider(DateTimeOffset? start = null) => _now = start ?? DefaultStart;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>The number of timers that are scheduled to fire.</summary>
    public int PendingTimerCount
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock forward, firing every timer that falls due on the way.</summary>
    /// <param name="delta">How far to move (zero or more).</param>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        SetUtcNow(GetUtcNow() + delta);
    }

    /// <summary>Moves the clock forward to <paramref name="target"/>, firing every timer that falls due on the way.</summary>
    /// <param name="target">The new time; not earlier than the current time.</param>
    public void SetUtcNow(DateTimeOffset target)
    {
        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(target, _now);
                next = null;
                foreach (var timer in _timers)
                {
                    if (timer.DueAt is { } due && due <= target &&
                        (next is null || due < next.DueAt || (due == next.DueAt && timer.Order < next.Order)))
                    {
                        next = timer;
                    }
                }

                if (next is null)
                {
                    _now = target;
                    return;
                }

                _now = next.DueAt!.Value;
                next.Reschedule(_now);
            }

            next.Fire();
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            timer.Period = period;
            timer.Order = ++_sequence;
            timer.DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime;
        }
    }

    private void Remove(ManualTimer timer)
    {
        lock (_lock)
        {
            timer.DueAt = null;
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan Period { get; set; }

        public long Order { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            ValidateDelay(dueTime, nameof(dueTime));
            ValidateDelay(period, nameof(period));
            owner.Schedule(this, dueTime, period);
            return true;
        }

        /// <summary>Called under the owner's lock when the timer fires: arms the next period or disarms it.</summary>
        public void Reschedule(DateTimeOffset now)
        {
            DueAt = Period == Timeout.InfiniteTimeSpan || Period == TimeSpan.Zero ? null : now + Period;
            Order = ++owner._sequence;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private static void ValidateDelay(TimeSpan value, string name)
        {
            if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(name, value, "A timer delay must be zero or more, or Timeout.InfiniteTimeSpan.");
            }
        }
    }
}
