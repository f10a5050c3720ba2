using OrleansFed.Privacy.Numerics;

namespace OrleansFed.Privacy.Accounting;

/// <summary>
/// Privacy analysis of PATE's Gaussian noisy max and of the threshold step of Confident-GNMax
/// (Papernot, Song, Mironov, Raghunathan, Talwar and Erlingsson 2018): data-independent RDP, the
/// data-dependent bound of Theorem 6 with the orders of Proposition 10, and the threshold mechanism.
/// </summary>
public static class GnMaxAnalysis
{
    /// <summary>
    /// ln of an upper bound on Pr[noisy argmax ≠ plurality] for votes plus N(0, σ²) noise (Proposition 7):
    /// a union bound over classes of Pr[N(0, 2σ²) ≥ gap], capped at ln(1 − 1/m).
    /// </summary>
    /// <param name="counts">The vote count per class.</param>
    /// <param name="sigma">The noise standard deviation σ.</param>
    public static double LogQ(ReadOnlySpan<double> counts, double sigma)
    {
        if (counts.Length < 2)
        {
            throw new ArgumentException("A noisy max needs at least two classes.", nameof(counts));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        int winner = LnMaxAnalysis.ArgMax(counts);
        double scale = Math.Sqrt(2) * sigma;
        double logQ = double.NegativeInfinity;
        for (int i = 0; i < counts.Length; i++)
        {
            if (i != winner)
            {
                logQ = SpecialFunctions.LogAdd(logQ, SpecialFunctions.LogNormalSurvival(counts[winner] - counts[i], scale));
            }
        }

        return Math.Min(logQ, Math.Log(1.0 - 1.0 / counts.Length));
    }

    /// <summary>The data-independent RDP of GNMax (Proposition 8): α/σ² (its sensitivity is √2).</summary>
    /// <param name="sigma">σ.</param>
    /// <param name="order">α &gt; 1.</param>
    public static double DataIndependentRdp(double sigma, double order)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(order, 1.0);
        return order / (sigma * sigma);
    }

    /// <summary>
    /// The data-dependent RDP of GNMax given <paramref name="logQ"/> (Theorem 6, with μ₂ = σ√(−ln q) and μ₁ = μ₂ + 1
    /// from Proposition 10); falls back to the data-independent bound where the theorem's conditions fail.
    /// </summary>
    /// <param name="logQ">ln of the bound on Pr[outcome ≠ plurality] (≤ 0).</param>
    /// <param name="sigma">σ.</param>
    /// <param name="order">α &gt; 1.</param>
    public static double Rdp(double logQ, double sigma, double order)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(logQ, 0.0);
        double dataIndependent = DataIndependentRdp(sigma, order);
        if (double.IsNegativeInfinity(logQ))
        {
            return 0; // the outcome is fixed
        }

        double variance = sigma * sigma;
        double muHigh2 = Math.Sqrt(variance * -logQ);
        double muHigh1 = muHigh2 + 1;
        if (!(muHigh1 > order && muHigh2 > 1))
        {
            return dataIndependent;
        }

        double rdpHigh1 = muHigh1 / variance;
        double rdpHigh2 = muHigh2 / variance;
        double logA2 = (muHigh2 - 1) * rdpHigh2;
        // q must lie where the bound is increasing in q and A is positive.
        bool applicable = logQ <= logA2 - muHigh2 * (Math.Log(1 + 1 / (muHigh1 - 1)) + Math.Log(1 + 1 / (muHigh2 - 1)))
            && -logQ > rdpHigh2;
        if (!applicable)
        {
            return dataIndependent;
        }

        double log1MinusQ = SpecialFunctions.LogOneMinusExp(logQ);
        double logA = (order - 1) * (log1MinusQ - SpecialFunctions.LogOneMinusExp((logQ + rdpHigh2) * (1 - 1 / muHigh2)));
        double logB = (order - 1) * (rdpHigh1 - logQ / (muHigh1 - 1));
        double logS = SpecialFunctions.LogAdd(log1MinusQ + logA, logQ + logB);
        return Math.Min(dataIndependent, logS / (order - 1));
    }

    /// <summary>
    /// ln Pr[max vote + N(0, σ₁²) ≥ T], the probability Confident-GNMax answers a query
    /// (the max vote is rounded to the nearest integer, half to even, as in the reference analysis).
    /// </summary>
    /// <param name="threshold">T.</param>
    /// <param name="sigma">σ₁.</param>
    /// <param name="counts">The vote count per class.</param>
    public static double LogPrAnswered(double threshold, double sigma, ReadOnlySpan<double> counts)
    {
        if (counts.IsEmpty)
        {
            throw new ArgumentException("No votes.", nameof(counts));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        double max = counts[LnMaxAnalysis.ArgMax(counts)];
        return SpecialFunctions.LogNormalSurvival(threshold - Math.Round(max, MidpointRounding.ToEven), sigma);
    }

    /// <summary>The data-independent RDP of the threshold step: α/(2σ₁²) (sensitivity 1 rather than √2).</summary>
    /// <param name="sigma">σ₁.</param>
    /// <param name="order">α &gt; 1.</param>
    public static double DataIndependentThresholdRdp(double sigma, double order) =>
        DataIndependentRdp(Math.Sqrt(2) * sigma, order);

    /// <summary>
    /// The data-dependent RDP of the threshold step: the GNMax bound with q = min(Pr[answered], Pr[not answered])
    /// and σ scaled by √2.
    /// </summary>
    /// <param name="logPrAnswered">ln Pr[answered].</param>
    /// <param name="sigma">σ₁.</param>
    /// <param name="order">α &gt; 1.</param>
    public static double ThresholdRdp(double logPrAnswered, double sigma, double order)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(logPrAnswered, 0.0);
        double logQ = Math.Min(logPrAnswered, SpecialFunctions.LogOneMinusExp(logPrAnswered));
        return Rdp(logQ, Math.Sqrt(2) * sigma, order);
    }
}
