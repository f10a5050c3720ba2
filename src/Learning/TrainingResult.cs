namespace OrleansFed.Learning;

/// <summary>What a local training run did.</summary>
/// <param name="Samples">Examples processed (epochs × data size).</param>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="MeanLoss">Mean training loss over all processed examples.</param>
public sealed record TrainingResult(int Samples, int Steps, double MeanLoss);
