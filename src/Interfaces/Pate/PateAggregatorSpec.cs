namespace OrleansFed.Interfaces.Pate;

/// <summary>The aggregation mechanism of a PATE campaign and its noise parameters.</summary>
public sealed record PateAggregatorSpec
{
    /// <summary>The mechanism.</summary>
    public PateAggregatorKind Kind { get; init; }

    /// <summary>LNMax: γ, the inverse scale of the Laplace noise (each answer is 2γ-DP).</summary>
    public double Gamma { get; init; }

    /// <summary>GNMax: σ of the per-class Gaussian noise; Confident-GNMax: σ₂ of the argmax step.</summary>
    public double Sigma { get; init; }

    /// <summary>Confident-GNMax: the threshold T on the noisy max count.</summary>
    public double Threshold { get; init; }

    /// <summary>Confident-GNMax: σ₁ of the threshold step.</summary>
    public double ThresholdSigma { get; init; }

    /// <summary>Local-geometric: ε of one teacher's perturbed vote (ε/2 per coordinate of the one-hot vector).</summary>
    public double LocalEpsilon { get; init; }

    /// <summary>LNMax with noise Lap(1/γ).</summary>
    /// <param name="gamma">γ.</param>
    /// <returns>The spec.</returns>
    public static PateAggregatorSpec LnMax(double gamma) => new() { Kind = PateAggregatorKind.LnMax, Gamma = gamma };

    /// <summary>GNMax with noise N(0, σ²).</summary>
    /// <param name="sigma">σ.</param>
    /// <returns>The spec.</returns>
    public static PateAggregatorSpec GnMax(double sigma) => new() { Kind = PateAggregatorKind.GnMax, Sigma = sigma };

    /// <summary>Confident-GNMax with threshold T, σ₁ and σ₂.</summary>
    /// <param name="threshold">T.</param>
    /// <param name="thresholdSigma">σ₁.</param>
    /// <param name="sigma">σ₂.</param>
    /// <returns>The spec.</returns>
    public static PateAggregatorSpec ConfidentGnMax(double threshold, double thresholdSigma, double sigma) =>
        new() { Kind = PateAggregatorKind.ConfidentGnMax, Threshold = threshold, ThresholdSigma = thresholdSigma, Sigma = sigma };

    /// <summary>Zhao's local variant with ε per teacher answer.</summary>
    /// <param name="epsilon">ε of one perturbed vote.</param>
    /// <returns>The spec.</returns>
    public static PateAggregatorSpec LocalGeometric(double epsilon) =>
        new() { Kind = PateAggregatorKind.LocalGeometric, LocalEpsilon = epsilon };
}
