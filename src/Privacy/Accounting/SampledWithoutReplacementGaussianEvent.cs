namespace OrleansFed.Privacy.Accounting;

/// <summary>
/// <paramref name="Steps"/> steps of the Gaussian mechanism on a uniformly random subset of fixed size m out of n
/// (sampling without replacement), with n public. Analysed with Wang, Balle and Kasiviswanathan (2019), Theorem 27
/// (<see cref="WithoutReplacementGaussianRdp"/>), which holds for neighbouring datasets that differ in what one record
/// contributes (a substitution relation: adding or removing a record would change n). The noise multiplier is relative
/// to how far one substitution can move the sum: the clipping norm C under <b>zero-out</b> (one record's contribution
/// replaced by nothing, the relation OrleansFed reports for fixed-size rounds), 2C under replace-one.
/// </summary>
/// <param name="SamplingRate">q = m / n.</param>
/// <param name="NoiseMultiplier">The Gaussian noise standard deviation divided by the clipping norm.</param>
/// <param name="Steps">How many steps were run.</param>
public sealed record SampledWithoutReplacementGaussianEvent(double SamplingRate, double NoiseMultiplier, long Steps) : PrivacyEvent
{
    /// <summary>q = m / n.</summary>
    public double SamplingRate { get; } = SamplingRate is >= 0 and <= 1
        ? SamplingRate
        : throw new ArgumentOutOfRangeException(nameof(SamplingRate), SamplingRate, "Must lie in [0, 1].");

    /// <summary>The Gaussian noise standard deviation divided by the clipping norm.</summary>
    public double NoiseMultiplier { get; } = Positive(NoiseMultiplier, nameof(NoiseMultiplier));

    /// <summary>How many steps were run.</summary>
    public long Steps { get; } = AtLeastOne(Steps, nameof(Steps));
}
