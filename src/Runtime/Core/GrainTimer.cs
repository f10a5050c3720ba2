using Microsoft.Extensions.Logging;
using OrleansFed.Runtime.Diagnostics;

namespace OrleansFed.Runtime.Core;

/// <summary>
/// A grain timer on the runtime's <see cref="TimeProvider"/>. Each tick is queued as a turn of its activation; the
/// next tick is armed only after the previous one completed, so ticks never overlap.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly Activation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Lock _lock = new();
    private readonly ITimer _timer;
    private TimeSpan _dueTime;
    private TimeSpan _period;
    private bool _ticking;
    private bool _changedDuringTick;
    private bool _disposed;

    public GrainTimer(Activation activation, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period, ILogger logger)
    {
        Validate(dueTime, period);
        _activation = activation;
        _callback = callback;
        _logger = logger;
        _dueTime = dueTime;
        _period = period;
        _timer = activation.TimeProvider.CreateTimer(static s => ((GrainTimer)s!).OnFire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Start()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _timer.Change(_dueTime, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime, period);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _period = period;
            _changedDuringTick |= _ticking;
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _timer.Dispose();
        _cancellation.Cancel();
        _activation.RemoveTimer(this);
    }

    /// <summary>Runs the callback inside the tick's turn; failures are logged, and the timer keeps ticking.</summary>
    public async Task RunTickAsync()
    {
        try
        {
            if (!_cancellation.IsCancellationRequested)
            {
                await _callback(_cancellation.Token);
            }
        }
        catch (Exception exception)
        {
            RuntimeLog.TimerCallbackFailed(_logger, _activation.GrainId, exception);
        }
        finally
        {
            EndTick();
        }
    }

    /// <summary>Ends the current tick and arms the next one unless the timer was stopped, changed or is one-shot.</summary>
    public void EndTick()
    {
        lock (_lock)
        {
            _ticking = false;
            if (!_disposed && !_changedDuringTick && _period != Timeout.InfiniteTimeSpan)
            {
                _timer.Change(_period, Timeout.InfiniteTimeSpan);
            }

            _changedDuringTick = false;
        }
    }

    private void OnFire()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _ticking = true;
            _changedDuringTick = false;
        }

        if (!_activation.TryEnqueue(new TimerTickWorkItem(this)))
        {
            Dispose();
        }
    }

    private static void Validate(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "A timer's due time must be zero or more, or Timeout.InfiniteTimeSpan.");
        }

        if (period <= TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A timer's period must be positive, or Timeout.InfiniteTimeSpan for one tick.");
        }
    }
}
