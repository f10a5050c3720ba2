namespace OrleansFed.Runtime;

/// <summary>Describes one tick of a reminder.</summary>
/// <param name="FirstTickTime">The time of the reminder's first tick (registration time plus due time).</param>
/// <param name="Period">The period between ticks; <see cref="Timeout.InfiniteTimeSpan"/> for a one-shot reminder.</param>
/// <param name="CurrentTickTime">The time this tick was due (it may be delivered later, e.g. after a restart).</param>
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);
