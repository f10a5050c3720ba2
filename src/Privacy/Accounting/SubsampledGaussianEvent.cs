namespace OrleansFed.Privacy.Accounting;

/// <summary><paramref name="Steps"/> steps of the Poisson-subsampled Gaussian mechanism (DP-SGD, DP-FedAvg).</summary>
/// <param name="SamplingRate">The probability q that each record (or client) is included in a step.</param>
/// <param name="NoiseMultiplier">The Gaussian noise standard deviation divided by the clipping norm.</param>
/// <param name="Steps">How many steps were run.</param>
public sealed record SubsampledGaussianEvent(double SamplingRate, double NoiseMultiplier, long Steps) : PrivacyEvent
{
    /// <summary>The probability q that each record (or client) is included in a step.</summary>
    public double SamplingRate { get; } = SamplingRate is >= 0 and <= 1
        ? SamplingRate
        : throw new ArgumentOutOfRangeException(nameof(SamplingRate), SamplingRate, "Must lie in [0, 1].");

    /// <summary>The Gaussian noise standard deviation divided by the clipping norm.</summary>
    public double NoiseMultiplier { get; } = Positive(NoiseMultiplier, nameof(NoiseMultiplier));

    /// <summary>How many steps were run.</summary>
    public long Steps { get; } = AtLeastOne(Steps, nameof(Steps));
}
