namespace OrleansFed.Privacy.Accounting;

/// <summary>The argument checks and trivial cases the subsampled-Gaussian RDP bounds (Poisson, without replacement) share.</summary>
internal static class SubsampledGaussianArguments
{
    /// <summary>Refuses a rate outside [0, 1], a negative or infinite multiplier and an order ≤ 1; returns the RDP
    /// when it needs no analysis (0 at q = 0, +∞ without noise or at α = ∞, α/(2σ²) at q = 1), else null.</summary>
    public static double? CheckAndTrivialCase(double samplingRate, double noiseMultiplier, double order)
    {
        if (!(samplingRate >= 0 && samplingRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(samplingRate), "The sampling rate must lie in [0, 1].");
        }

        if (!(noiseMultiplier >= 0) || double.IsInfinity(noiseMultiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), "The noise multiplier must be finite and non-negative.");
        }

        if (!(order > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(order), "Rényi orders must exceed 1.");
        }

        if (samplingRate == 0)
        {
            return 0;
        }

        if (noiseMultiplier == 0 || double.IsPositiveInfinity(order))
        {
            return double.PositiveInfinity;
        }

        return samplingRate == 1 ? order / (2 * noiseMultiplier * noiseMultiplier) : null;
    }
}
