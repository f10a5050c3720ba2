namespace OrleansFed.Runtime;

/// <summary>
/// Opts a grain class into reentrancy: its calls, timer ticks and reminder ticks may interleave at await points.
/// Code between awaits still never runs in parallel with other code of the same activation.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class ReentrantAttribute : Attribute;
