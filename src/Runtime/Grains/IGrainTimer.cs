namespace OrleansFed.Runtime;

/// <summary>
/// A timer owned by one activation. Its callbacks run as turns of the grain (never interleaved with calls on a
/// non-reentrant grain), do not count as activity for idle collection, and stop when the activation is deactivated.
/// Dispose it to stop it.
/// </summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the timer next fires and its period.</summary>
    /// <param name="dueTime">Delay until the next tick (zero or more).</param>
    /// <param name="period">Delay between the end of one tick and the next; <see cref="Timeout.InfiniteTimeSpan"/> for one tick only.</param>
    void Change(TimeSpan dueTime, TimeSpan period);
}
