using OrleansFed.Privacy.Numerics;

namespace OrleansFed.Privacy.Accounting;

/// <summary>
/// Privacy analysis of PATE's Laplace noisy max (Papernot, Abadi, Erlingsson, Goodfellow and Talwar 2017):
/// the data-independent and data-dependent log-moment bounds of the moments accountant (Theorems 2 and 3),
/// and their RDP form.
/// </summary>
public static class LnMaxAnalysis
{
    /// <summary>
    /// An upper bound on Pr[noisy argmax ≠ plurality] for votes plus Lap(1/γ) noise: the union over classes of
    /// (2 + γ·gap)/(4 e^(γ·gap)), capped at 1 − 1/m.
    /// </summary>
    /// <param name="counts">The vote count per class.</param>
    /// <param name="noiseInverseScale">γ, the inverse scale of the Laplace noise.</param>
    public static double Q(ReadOnlySpan<double> counts, double noiseInverseScale)
    {
        if (counts.Length < 2)
        {
            throw new ArgumentException("A noisy max needs at least two classes.", nameof(counts));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(noiseInverseScale);
        int winner = ArgMax(counts);
        double q = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            if (i != winner)
            {
                double gap = noiseInverseScale * (counts[winner] - counts[i]);
                q += (2.0 + gap) / (4.0 * Math.Exp(gap));
            }
        }

        return Math.Min(q, 1.0 - 1.0 / counts.Length);
    }

    /// <summary>
    /// The log-moment α(λ) of one answer of an ε-DP mechanism whose outcome differs from the
    /// plurality with probability at most <paramref name="q"/>: the minimum of ½ε²λ(λ+1), ελ and,
    /// when q &lt; 1/(e^ε + 1), ln((1 − q)((1 − q)/(1 − e^ε q))^λ + q e^(ελ)).
    /// </summary>
    /// <param name="q">The bound on Pr[outcome ≠ plurality]; 1 gives the data-independent bound.</param>
    /// <param name="pureEpsilon">ε of one answer: 2γ for LNMax.</param>
    /// <param name="lambda">The moment λ &gt; 0.</param>
    public static double LogMoment(double q, double pureEpsilon, double lambda)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(q);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lambda);
        double bound = Math.Min(0.5 * pureEpsilon * pureEpsilon * lambda * (lambda + 1), pureEpsilon * lambda);
        // Theorem 3 holds only below this q (where the bound is increasing in q).
        if (q > 0 && q < 1.0 / (Math.Exp(pureEpsilon) + 1.0))
        {
            double log1MinusQ = SpecialFunctions.LogOnePlus(-q);
            double logTOne = log1MinusQ + lambda * (log1MinusQ - SpecialFunctions.LogOnePlus(-Math.Exp(pureEpsilon) * q));
            double logTTwo = Math.Log(q) + pureEpsilon * lambda;
            bound = Math.Min(bound, SpecialFunctions.LogAdd(logTOne, logTTwo));
        }
        else if (q == 0)
        {
            bound = 0;
        }

        return bound;
    }

    /// <summary>The data-independent log-moment of one LNMax answer: α(λ) ≤ min(2γ²λ(λ+1), 2γλ).</summary>
    /// <param name="noiseInverseScale">γ.</param>
    /// <param name="lambda">The moment λ.</param>
    public static double DataIndependentLogMoment(double noiseInverseScale, double lambda) =>
        LogMoment(1.0, 2 * noiseInverseScale, lambda);

    /// <summary>The RDP at order α of the same bound: α(λ)/λ with λ = α − 1.</summary>
    /// <param name="q">The bound on Pr[outcome ≠ plurality].</param>
    /// <param name="pureEpsilon">ε of one answer.</param>
    /// <param name="order">The Rényi order α &gt; 1.</param>
    public static double Rdp(double q, double pureEpsilon, double order)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(order, 1.0);
        return LogMoment(q, pureEpsilon, order - 1) / (order - 1);
    }

    /// <summary>The moments accountant's ε: min over λ of (α_total(λ) + ln(1/δ))/λ.</summary>
    /// <param name="lambdas">The moments tracked.</param>
    /// <param name="totalLogMoments">The summed log-moment at each λ.</param>
    /// <param name="delta">The target δ.</param>
    public static PrivacyGuarantee Epsilon(ReadOnlySpan<double> lambdas, ReadOnlySpan<double> totalLogMoments, double delta)
    {
        if (lambdas.Length != totalLogMoments.Length || lambdas.IsEmpty)
        {
            throw new ArgumentException("Moments and log-moments must be non-empty and of equal length.", nameof(totalLogMoments));
        }

        double best = double.PositiveInfinity;
        double bestLambda = lambdas[0];
        for (int i = 0; i < lambdas.Length; i++)
        {
            double epsilon = (totalLogMoments[i] - Math.Log(delta)) / lambdas[i];
            if (epsilon < best)
            {
                best = epsilon;
                bestLambda = lambdas[i];
            }
        }

        return new PrivacyGuarantee(best, delta, bestLambda);
    }

    internal static int ArgMax(ReadOnlySpan<double> counts)
    {
        int best = 0;
        for (int i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        return best;
    }
}
