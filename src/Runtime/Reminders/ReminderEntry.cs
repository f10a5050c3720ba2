namespace OrleansFed.Runtime;

/// <summary>One durable reminder as stored in the reminder table.</summary>
/// <param name="GrainId">The grain the reminder belongs to (and activates when it fires).</param>
/// <param name="ReminderName">The reminder's name, unique per grain.</param>
/// <param name="StartAt">The time of the first tick.</param>
/// <param name="Period">The period between ticks; <see cref="Timeout.InfiniteTimeSpan"/> for a one-shot reminder.</param>
/// <param name="ETag">The row's ETag, changed by every upsert; <see langword="null"/> before the row is stored.</param>
public sealed record ReminderEntry(GrainId GrainId, string ReminderName, DateTimeOffset StartAt, TimeSpan Period, string? ETag)
{
    /// <summary>Whether the reminder ticks once only.</summary>
    public bool IsOneShot => Period == Timeout.InfiniteTimeSpan;
}
