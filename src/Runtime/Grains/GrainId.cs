namespace OrleansFed.Runtime;

/// <summary>Identifies one grain: its grain type name and its key (a GUID key is held in "D" format).</summary>
/// <param name="Type">The grain type name (see <see cref="GrainTypeAttribute"/>).</param>
/// <param name="Key">The grain key.</param>
public readonly record struct GrainId(string Type, string Key)
{
    /// <inheritdoc />
    public override string ToString() => $"{Type}/{Key}";
}
