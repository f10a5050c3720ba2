namespace OrleansFed.Privacy.Accounting;

/// <summary>
/// One PATE query answered by the Gaussian noisy max (GNMax, Papernot et al. 2018): the vote histogram plus
/// N(0, σ²) noise per class.
/// </summary>
/// <param name="Sigma">The standard deviation of the per-class Gaussian noise.</param>
/// <param name="LogQ">
/// ln of an upper bound on Pr[answer ≠ plurality] (<see cref="GnMaxAnalysis.LogQ"/>) for the data-dependent
/// bound, or <see langword="null"/> for the data-independent one (α/σ²).
/// </param>
public sealed record GnMaxEvent(double Sigma, double? LogQ = null) : PrivacyEvent
{
    /// <summary>The standard deviation of the per-class Gaussian noise.</summary>
    public double Sigma { get; } = Positive(Sigma, nameof(Sigma));

    /// <summary>ln of the bound on Pr[answer ≠ plurality], if the data-dependent analysis is used.</summary>
    public double? LogQ { get; } = LogQ is null || LogQ <= 0
        ? LogQ
        : throw new ArgumentOutOfRangeException(nameof(LogQ), LogQ, "A log-probability cannot be positive.");
}
