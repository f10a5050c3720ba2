namespace OrleansFed.Runtime;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the runtime injects a state
/// bound to the named storage provider and reads it before <see cref="Grain.OnActivateAsync"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class PersistentStateAttribute : Attribute
{
    /// <summary>The storage provider name used when none is given.</summary>
    public const string DefaultStorageName = "Default";

    /// <summary>Creates the attribute.</summary>
    /// <param name="stateName">The state's name, unique within the grain (part of the storage key).</param>
    /// <param name="storageName">The name the storage provider was registered under; defaults to "Default".</param>
    public PersistentStateAttribute(string stateName, string storageName = DefaultStorageName)
    {
        StateName = stateName;
        StorageName = storageName;
    }

    /// <summary>The state's name.</summary>
    public string StateName { get; }

    /// <summary>The storage provider's name.</summary>
    public string StorageName { get; }
}
