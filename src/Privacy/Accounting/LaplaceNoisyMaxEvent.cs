namespace OrleansFed.Privacy.Accounting;

/// <summary>
/// One PATE query answered by the Laplace noisy max (LNMax, Papernot et al. 2017): the vote histogram
/// plus Lap(1/γ) noise per class, whose argmax is 2γ-DP.
/// </summary>
/// <param name="NoiseInverseScale">γ, the inverse scale of the Laplace noise.</param>
/// <param name="Q">
/// A data-dependent upper bound on Pr[answer ≠ plurality] (<see cref="LnMaxAnalysis.Q"/>), or
/// <see langword="null"/> for the data-independent analysis.
/// </param>
public sealed record LaplaceNoisyMaxEvent(double NoiseInverseScale, double? Q = null) : PrivacyEvent
{
    /// <summary>γ, the inverse scale of the Laplace noise.</summary>
    public double NoiseInverseScale { get; } = Positive(NoiseInverseScale, nameof(NoiseInverseScale));

    /// <summary>The data-dependent bound on Pr[answer ≠ plurality], if any.</summary>
    public double? Q { get; } = Q is null or (>= 0 and <= 1)
        ? Q
        : throw new ArgumentOutOfRangeException(nameof(Q), Q, "Must lie in [0, 1].");
}
