namespace OrleansFed.Runtime;

/// <summary>
/// Marks a grain interface method returning <see cref="Task"/> or <see cref="ValueTask"/> as fire-and-forget: the
/// caller's task completes once the call is queued; exceptions are logged, not returned.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class OneWayAttribute : Attribute;
