namespace OrleansFed.Runtime;

/// <summary>
/// Gives a grain class a stable type name, used in grain ids, storage records and reminders. Without it the
/// class name is used, so renaming the class would orphan stored state.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class GrainTypeAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The stable grain type name (non-empty, no '/').</param>
    public GrainTypeAttribute(string name) => Name = name;

    /// <summary>The stable grain type name.</summary>
    public string Name { get; }
}
