using OrleansFed.Privacy.Numerics;

namespace OrleansFed.Privacy.Accounting;

/// <summary>
/// Rényi differential privacy of the Poisson-subsampled Gaussian mechanism (Mironov, Talwar and Zhang 2019):
/// the exact binomial expansion at integer orders and the two-sided log-space series at fractional orders.
/// </summary>
public static class SubsampledGaussianRdp
{
    // The fractional-order series stops once both of its terms fall below e^-30 of unity.
    private const double SeriesCutoff = -30.0;
    private const int MaxSeriesTerms = 100_000;

    /// <summary>RDP at <paramref name="order"/> of one step with sampling rate <paramref name="samplingRate"/>.</summary>
    /// <param name="samplingRate">The Poisson sampling probability q in [0, 1].</param>
    /// <param name="noiseMultiplier">The noise standard deviation divided by the L2 sensitivity.</param>
    /// <param name="order">The Rényi order α &gt; 1.</param>
    /// <returns>The RDP ε(α) of a single step; +∞ when no noise is added.</returns>
    public static double Compute(double samplingRate, double noiseMultiplier, double order)
    {
        if (SubsampledGaussianArguments.CheckAndTrivialCase(samplingRate, noiseMultiplier, order) is { } trivial)
        {
            return trivial;
        }

        double logA = order == Math.Floor(order) && order < int.MaxValue
            ? LogAIntegerOrder(samplingRate, noiseMultiplier, (int)order)
            : LogAFractionalOrder(samplingRate, noiseMultiplier, order);
        return logA / (order - 1);
    }

    /// <summary>RDP at each order of <paramref name="steps"/> composed steps.</summary>
    /// <param name="samplingRate">The Poisson sampling probability q.</param>
    /// <param name="noiseMultiplier">The noise multiplier σ.</param>
    /// <param name="steps">The number of steps composed.</param>
    /// <param name="orders">The Rényi orders.</param>
    /// <param name="destination">Receives steps · ε(α) for each order.</param>
    public static void Compute(double samplingRate, double noiseMultiplier, long steps, ReadOnlySpan<double> orders, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (destination.Length < orders.Length)
        {
            throw new ArgumentException("The destination is shorter than the list of orders.", nameof(destination));
        }

        for (int i = 0; i < orders.Length; i++)
        {
            destination[i] = steps == 0 ? 0 : Compute(samplingRate, noiseMultiplier, orders[i]) * steps;
        }
    }

    // ln A_α = ln Σ_i C(α,i) q^i (1−q)^(α−i) exp((i² − i) / (2σ²)) for integer α.
    private static double LogAIntegerOrder(double q, double sigma, int alpha)
    {
        double logQ = Math.Log(q);
        double log1MinusQ = SpecialFunctions.LogOnePlus(-q);
        double twoSigmaSquared = 2 * sigma * sigma;
        double logBinomial = 0; // ln C(α, 0)
        double logA = double.NegativeInfinity;
        for (int i = 0; i <= alpha; i++)
        {
            if (i > 0)
            {
                logBinomial += Math.Log(alpha - i + 1) - Math.Log(i);
            }

            double term = logBinomial + i * logQ + (alpha - i) * log1MinusQ + ((double)i * i - i) / twoSigmaSquared;
            logA = SpecialFunctions.LogAdd(logA, term);
        }

        return logA;
    }

    // For fractional α the binomial series is infinite; it is split at z0, the point where the two
    // Gaussians' likelihood ratio crosses, and each half is summed in log space with signed coefficients.
    private static double LogAFractionalOrder(double q, double sigma, double alpha)
    {
        double logA0 = double.NegativeInfinity;
        double logA1 = double.NegativeInfinity;
        double z0 = sigma * sigma * Math.Log(1 / q - 1) + 0.5;
        double logQ = Math.Log(q);
        double log1MinusQ = SpecialFunctions.LogOnePlus(-q);
        double sqrt2Sigma = Math.Sqrt(2) * sigma;
        double twoSigmaSquared = 2 * sigma * sigma;

        double coefficient = 1; // generalized binomial C(α, i), built by its recurrence
        for (int i = 0; i < MaxSeriesTerms; i++)
        {
            if (i > 0)
            {
                coefficient *= (alpha - i + 1) / i;
            }

            double logCoefficient = Math.Log(Math.Abs(coefficient));
            double j = alpha - i;

            double logT0 = logCoefficient + i * logQ + j * log1MinusQ;
            double logT1 = logCoefficient + j * logQ + i * log1MinusQ;

            double logE0 = Math.Log(0.5) + SpecialFunctions.LogErfc((i - z0) / sqrt2Sigma);
            double logE1 = Math.Log(0.5) + SpecialFunctions.LogErfc((z0 - j) / sqrt2Sigma);

            double logS0 = logT0 + ((double)i * i - i) / twoSigmaSquared + logE0;
            double logS1 = logT1 + (j * j - j) / twoSigmaSquared + logE1;

            if (coefficient > 0)
            {
                logA0 = SpecialFunctions.LogAdd(logA0, logS0);
                logA1 = SpecialFunctions.LogAdd(logA1, logS1);
            }
            else
            {
                logA0 = SpecialFunctions.LogSubtract(logA0, logS0);
                logA1 = SpecialFunctions.LogSubtract(logA1, logS1);
            }

            if (Math.Max(logS0, logS1) < SeriesCutoff)
            {
                return SpecialFunctions.LogAdd(logA0, logA1);
            }
        }

        throw new ArithmeticException("The fractional-order RDP series did not converge.");
    }
}
