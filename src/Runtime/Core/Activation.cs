using Microsoft.Extensions.Logging;
using OrleansFed.Runtime.Diagnostics;

namespace OrleansFed.Runtime.Core;

/// <summary>
/// The single in-memory instance of one grain. All of its grain code runs on its own exclusive task scheduler, so two
/// pieces of its code never run in parallel. On top of that, a non-interleaving turn (a call, timer tick or reminder
/// tick of a non-reentrant grain) holds the activation from its start until its task completes, across awaits;
/// other non-interleaving work waits in a FIFO queue. [Reentrant] grains and [AlwaysInterleave] methods skip the queue.
/// </summary>
internal sealed class Activation : IGrainContext
{
    private readonly GrainRuntime _runtime;
    private readonly GrainClassInfo _class;
    private readonly TaskScheduler _scheduler = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
    private readonly Lock _lock = new();
    private readonly Queue<WorkItem> _queue = new();
    private readonly List<GrainTimer> _timers = [];
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ActivationState _state = ActivationState.Created;
    private bool _busy;
    private int _interleavedRunning;
    private DeactivationReason? _pendingDeactivation;
    private DateTimeOffset _lastActivity;
    private Grain? _grain;

    public Activation(GrainRuntime runtime, GrainId grainId, GrainClassInfo grainClass)
    {
        _runtime = runtime;
        _class = grainClass;
        GrainId = grainId;
        _lastActivity = runtime.TimeProvider.GetUtcNow();
    }

    public GrainId GrainId { get; }

    public Grain Grain => _grain ?? throw new InvalidOperationException($"Grain {GrainId} is not activated.");

    /// <summary>Completes once the activation has left the directory (after deactivation or a failed activation).</summary>
    public Task Deactivated => _deactivated.Task;

    public IGrainFactory GrainFactory => _runtime;

    public TimeProvider TimeProvider => _runtime.TimeProvider;

    public IServiceProvider Services => _runtime.Services;

    /// <summary>Accepts work, starting the activation on first use. Returns false if the activation is deactivating
    /// (or about to); the sender then waits for <see cref="Deactivated"/> and tries a fresh activation.</summary>
    public bool TryEnqueue(WorkItem item)
    {
        lock (_lock)
        {
            if (_state >= ActivationState.Deactivating || _pendingDeactivation is not null)
            {
                return false;
            }

            if (item.CountsAsActivity)
            {
                _lastActivity = TimeProvider.GetUtcNow();
            }

            if (_state == ActivationState.Valid && Interleaves(item))
            {
                _interleavedRunning++;
                _ = RunTurnAsync(item, interleaved: true);
                return true;
            }

            _queue.Enqueue(item);
            if (_state == ActivationState.Created)
            {
                _state = ActivationState.Activating;
                _busy = true;
                _ = OnSchedulerAsync(ActivateAsync);
            }
            else
            {
                Pump();
            }

            return true;
        }
    }

    /// <summary>Deactivates once the running turns have completed; queued and later work goes to a fresh activation.</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        lock (_lock)
        {
            RequestDeactivationLocked(reason);
        }
    }

    /// <summary>Starts idle deactivation if nothing is running or queued and the last call or reminder tick was at
    /// least <paramref name="collectionAge"/> ago. Checked and decided under one lock, so a call arriving at the same
    /// moment either counts as activity or finds the activation already deactivating (and goes to a fresh one).</summary>
    public void CollectIfIdle(DateTimeOffset now, TimeSpan collectionAge)
    {
        lock (_lock)
        {
            if (_state == ActivationState.Valid && !_busy && _interleavedRunning == 0 && _queue.Count == 0 && now - _lastActivity >= collectionAge)
            {
                RequestDeactivationLocked(new DeactivationReason(
                    DeactivationReasonCode.ActivationIdle, $"No call or reminder tick for at least {collectionAge}."));
            }
        }
    }

    void IGrainContext.DeactivateOnIdle(DeactivationReason reason) => RequestDeactivation(reason);

    IGrainTimer IGrainContext.RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new GrainTimer(this, callback, dueTime, period, _runtime.Log);
        bool accepted;
        lock (_lock)
        {
            accepted = _state < ActivationState.Deactivating;
            if (accepted)
            {
                _timers.Add(timer);
            }
        }

        if (accepted)
        {
            timer.Start();
        }
        else
        {
            // Registered during OnDeactivateAsync: the timer never ticks.
            timer.Dispose();
        }

        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    Task<IGrainReminder> IGrainContext.RegisterOrUpdateReminderAsync(string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        if (!_class.IsRemindable)
        {
            throw new InvalidOperationException(
                $"Grain class {_class.GrainClass.Name} registers reminder '{reminderName}' but does not implement IRemindable.");
        }

        return _runtime.Reminders.RegisterOrUpdateAsync(GrainId, reminderName, dueTime, period);
    }

    Task<IGrainReminder?> IGrainContext.GetReminderAsync(string reminderName) => _runtime.Reminders.GetAsync(GrainId, reminderName);

    Task<IReadOnlyList<IGrainReminder>> IGrainContext.GetRemindersAsync() => _runtime.Reminders.GetAllAsync(GrainId);

    Task IGrainContext.UnregisterReminderAsync(IGrainReminder reminder) => _runtime.Reminders.UnregisterAsync(GrainId, reminder);

    private void RequestDeactivationLocked(DeactivationReason reason)
    {
        if (_state >= ActivationState.Deactivating || _pendingDeactivation is not null)
        {
            return;
        }

        if (_state == ActivationState.Created)
        {
            _state = ActivationState.Invalid;
            _runtime.OnActivationRemoved(this, activated: false);
            _deactivated.TrySetResult();
            return;
        }

        _pendingDeactivation = reason;
        Pump();
    }

    private bool Interleaves(WorkItem item) => _class.IsReentrant || item.AlwaysInterleave;

    /// <summary>Starts queued work, or the pending deactivation once nothing runs. Called under the lock.</summary>
    private void Pump()
    {
        if (_state != ActivationState.Valid)
        {
            return;
        }

        if (_pendingDeactivation is { } reason)
        {
            if (!_busy && _interleavedRunning == 0)
            {
                _state = ActivationState.Deactivating;
                _busy = true;
                _ = OnSchedulerAsync(() => DeactivateAsync(reason));
            }

            return;
        }

        while (_queue.TryPeek(out var next))
        {
            if (next.IsAbandoned)
            {
                _queue.Dequeue();
                continue;
            }

            if (Interleaves(next))
            {
                _queue.Dequeue();
                _interleavedRunning++;
                _ = RunTurnAsync(next, interleaved: true);
                continue;
            }

            if (_busy)
            {
                return;
            }

            _queue.Dequeue();
            _busy = true;
            _ = RunTurnAsync(next, interleaved: false);
        }
    }

    private async Task RunTurnAsync(WorkItem item, bool interleaved)
    {
        try
        {
            await OnSchedulerAsync(() => item.RunAsync(this)).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            RuntimeLog.TurnFailed(_runtime.Log, GrainId, exception);
        }

        lock (_lock)
        {
            if (interleaved)
            {
                _interleavedRunning--;
            }
            else
            {
                _busy = false;
            }

            if (item.CountsAsActivity)
            {
                _lastActivity = TimeProvider.GetUtcNow();
            }

            Pump();
        }
    }

    private Task OnSchedulerAsync(Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _scheduler).Unwrap();

    private async Task ActivateAsync()
    {
        try
        {
            var (grain, states) = _class.Create(this, _runtime);
            _grain = grain;
            var cancellationToken = _runtime.StoppingToken;
            foreach (var state in states)
            {
                await state.ReadStateAsync(cancellationToken);
            }

            await grain.OnActivateAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            RuntimeLog.ActivationFailed(_runtime.Log, GrainId, _class.GrainClass.Name, exception);
            var failure = exception as GrainActivationException ?? new GrainActivationException(
                $"Activation of grain {GrainId} (class {_class.GrainClass.Name}) failed: {exception.GetType().Name}: {exception.Message}",
                exception);
            Finish(activated: false, failure);
            return;
        }

        RuntimeLog.Activated(_runtime.Log, GrainId);
        _runtime.Instruments.ActivationCreated(GrainId.Type);
        lock (_lock)
        {
            _state = ActivationState.Valid;
            _busy = false;
            Pump();
        }
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        DisposeTimers();
        try
        {
            using var timeout = new CancellationTokenSource(_runtime.Options.DeactivationTimeout, TimeProvider);
            await Grain.OnDeactivateAsync(reason, timeout.Token);
        }
        catch (Exception exception)
        {
            RuntimeLog.DeactivationFailed(_runtime.Log, GrainId, exception);
        }

        RuntimeLog.Deactivated(_runtime.Log, GrainId, reason.ReasonCode);
        Finish(activated: true, failure: null);
    }

    /// <summary>Leaves the directory, then forwards queued work to a fresh activation (or fails it if the activation
    /// itself failed).</summary>
    private void Finish(bool activated, Exception? failure)
    {
        WorkItem[] leftovers;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            leftovers = [.. _queue];
            _queue.Clear();
        }

        DisposeTimers();
        _runtime.OnActivationRemoved(this, activated);
        _deactivated.TrySetResult();
        foreach (var item in leftovers)
        {
            if (failure is not null || !item.Forwardable)
            {
                item.Fail(failure ?? new GrainActivationException($"Grain {GrainId} was deactivated before the work ran."));
            }
            else
            {
                _runtime.Forward(GrainId, item);
            }
        }
    }

    private void DisposeTimers()
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }
}
