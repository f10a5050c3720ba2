namespace OrleansFed.Interfaces.Wire;

/// <summary>A global model as it travels on the wire: its version and its flattened float32 parameters.</summary>
/// <param name="ModelVersion">Version of the global model (0 = initial model).</param>
/// <param name="Weights">Flattened parameters; a read-only view, never mutated after construction.</param>
public sealed record ModelBlob(long ModelVersion, ReadOnlyMemory<float> Weights);
