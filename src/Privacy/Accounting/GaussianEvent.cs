namespace OrleansFed.Privacy.Accounting;

/// <summary>
/// <paramref name="Count"/> releases through the Gaussian mechanism, continuous or discrete (the discrete
/// Gaussian of Canonne, Kamath and Steinke has the same ½(Δ/σ)² zCDP, hence the same RDP curve).
/// </summary>
/// <param name="NoiseMultiplier">Noise standard deviation divided by the L2 sensitivity.</param>
/// <param name="Count">How many releases.</param>
public sealed record GaussianEvent(double NoiseMultiplier, long Count = 1) : PrivacyEvent
{
    /// <summary>Noise standard deviation divided by the L2 sensitivity.</summary>
    public double NoiseMultiplier { get; } = Positive(NoiseMultiplier, nameof(NoiseMultiplier));

    /// <summary>How many releases.</summary>
    public long Count { get; } = AtLeastOne(Count, nameof(Count));
}
