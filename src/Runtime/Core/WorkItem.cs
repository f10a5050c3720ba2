namespace OrleansFed.Runtime.Core;

/// <summary>
/// One unit of work delivered to an activation: a call, a timer tick or a reminder tick. It runs as a turn on the
/// activation's scheduler, in the execution context of whoever sent it (so ambient data such as the current trace
/// flows from caller to callee, not from whichever turn happened to run before).
/// </summary>
internal abstract class WorkItem
{
    private readonly ExecutionContext? _executionContext = ExecutionContext.Capture();
    private volatile bool _started;

    /// <summary>Whether the item may run while a non-interleaving turn is in progress.</summary>
    public abstract bool AlwaysInterleave { get; }

    /// <summary>Whether the item keeps the activation from being collected as idle (calls and reminder ticks do; timers do not).</summary>
    public abstract bool CountsAsActivity { get; }

    /// <summary>Whether the sender stopped waiting before the item started (e.g. a timed-out call); such items are skipped.</summary>
    public virtual bool IsAbandoned => false;

    /// <summary>Whether the item, when its activation deactivates before running it, goes to the next activation
    /// (calls and reminder ticks do; timer ticks belong to the activation that registered them).</summary>
    public virtual bool Forwardable => true;

    /// <summary>Whether the item's grain code began running.</summary>
    public bool Started => _started;

    /// <summary>Runs the item on the activation's scheduler. Never throws: outcomes go to the sender.</summary>
    public Task RunAsync(Activation activation)
    {
        _started = true;
        if (_executionContext is null)
        {
            return ExecuteAsync(activation);
        }

        Task? task = null;
        ExecutionContext.Run(_executionContext, _ => task = ExecuteAsync(activation), null);
        return task!;
    }

    /// <summary>Completes the sender's wait with <paramref name="exception"/> if it has not completed yet.</summary>
    public abstract void Fail(Exception exception);

    protected abstract Task ExecuteAsync(Activation activation);
}
