namespace OrleansFed.Runtime;

/// <summary>
/// Marks a grain interface method whose calls may interleave with any other turn of the activation, e.g. a
/// long-poll or a read-only query. Code between awaits still never runs in parallel with other code of the activation.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class AlwaysInterleaveAttribute : Attribute;
