namespace OrleansFed.Privacy.Accounting;

/// <summary>
/// The threshold step of Confident-GNMax (Papernot et al. 2018): max vote + N(0, σ₁²) compared with a threshold T.
/// Every query pays it; only answered queries also pay a <see cref="GnMaxEvent"/>.
/// </summary>
/// <param name="Sigma">σ₁, the standard deviation of the threshold noise.</param>
/// <param name="LogPrAnswered">
/// ln Pr[the noisy max crosses T] (<see cref="GnMaxAnalysis.LogPrAnswered"/>) for the data-dependent bound, or
/// <see langword="null"/> for the data-independent one (α/(2σ₁²)).
/// </param>
public sealed record ConfidentThresholdEvent(double Sigma, double? LogPrAnswered = null) : PrivacyEvent
{
    /// <summary>σ₁, the standard deviation of the threshold noise.</summary>
    public double Sigma { get; } = Positive(Sigma, nameof(Sigma));

    /// <summary>ln Pr[the noisy max crosses T], if the data-dependent analysis is used.</summary>
    public double? LogPrAnswered { get; } = LogPrAnswered is null || LogPrAnswered <= 0
        ? LogPrAnswered
        : throw new ArgumentOutOfRangeException(nameof(LogPrAnswered), LogPrAnswered, "A log-probability cannot be positive.");
}
