namespace OrleansFed.Runtime;

/// <summary>
/// The author's promise that instances of the type are never mutated after they cross a grain boundary, so the
/// runtime passes them by reference without checking or copying. Prefer records with init-only members instead.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class ImmutableAttribute : Attribute;
