using System.Collections.Immutable;

namespace OrleansFed.Grains.Strategies;

/// <summary>How a strategy wants a round attempt run: who trains, and with which local settings.</summary>
/// <param name="Selected">Selected participant ids, sorted ordinally.</param>
/// <param name="LocalEpochs">Local epochs.</param>
/// <param name="BatchSize">Local mini-batch size.</param>
/// <param name="LearningRate">Local learning rate.</param>
/// <param name="Seed">Seed participants use for local shuffling in this attempt.</param>
public sealed record FitPlan(ImmutableArray<string> Selected, int LocalEpochs, int BatchSize, float LearningRate, int Seed)
{
    /// <summary>FedProx proximal coefficient μ for participants' local objective; <see langword="null"/> = none.</summary>
    public float? ProximalMu { get; init; }
}
