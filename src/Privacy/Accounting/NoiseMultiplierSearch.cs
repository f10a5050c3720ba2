namespace OrleansFed.Privacy.Accounting;

/// <summary>Finds the smallest noise multiplier whose DP-SGD (or DP-FedAvg) run meets a target ε.</summary>
public static class NoiseMultiplierSearch
{
    private const double MaxNoiseMultiplier = 1e6;

    /// <summary>
    /// The smallest σ (to within a relative <paramref name="tolerance"/>) such that <paramref name="steps"/> steps of the
    /// Poisson-subsampled Gaussian at rate <paramref name="samplingRate"/> are (≤ <paramref name="targetEpsilon"/>, δ)-DP.
    /// </summary>
    /// <param name="targetEpsilon">The ε budget.</param>
    /// <param name="delta">δ.</param>
    /// <param name="samplingRate">q.</param>
    /// <param name="steps">The number of steps.</param>
    /// <param name="orders">Rényi orders (TF Privacy's defaults when null).</param>
    /// <param name="conversion">The RDP → (ε, δ) conversion.</param>
    /// <param name="tolerance">Relative precision on σ.</param>
    /// <returns>σ, guaranteed to meet the target (the upper end of the final bracket).</returns>
    public static double ForTargetEpsilon(
        double targetEpsilon, double delta, double samplingRate, long steps,
        IReadOnlyList<double>? orders = null, RdpConversion conversion = RdpConversion.Improved, double tolerance = 1e-6)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetEpsilon);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1L);
        var accountant = new RdpAccountant(orders, conversion);

        double Epsilon(double sigma) =>
            accountant.GetGuarantee(PrivacyLedger.Empty.Append(new SubsampledGaussianEvent(samplingRate, sigma, steps)), delta).Epsilon;

        double high = 1.0;
        while (Epsilon(high) > targetEpsilon)
        {
            high *= 2;
            if (high > MaxNoiseMultiplier)
            {
                throw new ArgumentException("No noise multiplier up to 1e6 meets the target ε.", nameof(targetEpsilon));
            }
        }

        double low = 0;
        while (high - low > tolerance * high)
        {
            double mid = 0.5 * (low + high);
            if (Epsilon(mid) <= targetEpsilon)
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        return high;
    }
}
