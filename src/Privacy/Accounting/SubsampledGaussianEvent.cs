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

    /// <summary>
    /// DP-SGD over <paramref name="epochs"/> epochs as TF Privacy counts it: q = b/n and steps = ⌈epochs·n/b⌉.
    /// </summary>
    /// <param name="datasetSize">n ≥ 1.</param>
    /// <param name="batchSize">b in [1, n] (the expected batch size under Poisson sampling).</param>
    /// <param name="noiseMultiplier">σ.</param>
    /// <param name="epochs">Epochs (may be fractional), &gt; 0.</param>
    public static SubsampledGaussianEvent ForEpochs(long datasetSize, long batchSize, double noiseMultiplier, double epochs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(datasetSize, 1L);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1L);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, datasetSize);
        if (!(epochs > 0) || !double.IsFinite(epochs))
        {
            throw new ArgumentOutOfRangeException(nameof(epochs), "Epochs must be positive and finite.");
        }

        long steps = (long)Math.Ceiling(epochs * datasetSize / batchSize);
        return new SubsampledGaussianEvent((double)batchSize / datasetSize, noiseMultiplier, steps);
    }
}
