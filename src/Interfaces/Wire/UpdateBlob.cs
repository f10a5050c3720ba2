namespace OrleansFed.Interfaces.Wire;

/// <summary>A participant's locally trained weights for one round, as they travel on the wire.</summary>
/// <param name="Round">Round the update is for (1-based).</param>
/// <param name="SampleCount">Number of local samples trained on (the FedAvg weight).</param>
/// <param name="TrainLoss">Mean local training loss (finite).</param>
/// <param name="Weights">Flattened trained parameters; a read-only view, never mutated after construction.</param>
public sealed record UpdateBlob(int Round, long SampleCount, float TrainLoss, ReadOnlyMemory<float> Weights);
