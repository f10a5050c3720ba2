using OrleansFed.Privacy.Numerics;

namespace OrleansFed.Privacy.Accounting;

/// <summary>
/// Rényi differential privacy of the Gaussian mechanism on a fixed-size subset drawn without replacement, for datasets
/// that differ in one record's contribution (see <see cref="SampledWithoutReplacementGaussianEvent"/> for the relation
/// and what σ is relative to): Wang, Balle and Kasiviswanathan (AISTATS 2019), Theorem 27 — the subsampled-Gaussian form
/// of their Theorem 9. For integer α ≥ 2, with γ = m/n, base RDP ε(j) = j/(2σ²) and h(i) = e^{(i−1)ε(i)} = e^{i(i−1)/(2σ²)},
/// <code>
/// A_α = 1 + γ²·C(α,2)·min{4(e^{ε(2)} − 1), 2e^{ε(2)}} + Σ_{j=3..α} γ^j·C(α,j)·min{4·√(B(2⌊j/2⌋)·B(2⌈j/2⌉)), 2h(j)},
/// </code>
/// where B(l) = Σ_i (−1)^{l−i} C(l,i) h(i) is the l-th forward difference of h at 0, and ε'(α) = ln A_α / (α − 1).
/// Between integers the cumulant ln A is interpolated linearly (their Corollary 10), which bounds it from above.
/// </summary>
/// <remarks>
/// Only even forward differences enter the bound. Each is summed as its alternating binomial sum where that cancels by a
/// factor of at most 10³; past that (large σ, where h barely grows) the sum is useless in double precision, and
/// B(l) = E[(W − 1)^l] with W = e^{Z/σ − 1/(2σ²)} and Z standard normal (e^{c·i²} = E[e^{i·√(2c)·Z}]) — the integral of
/// a non-negative function — is evaluated by the trapezoidal rule in log space instead (step 0.02 on a peak of width
/// about 1). Either value is raised by a relative 10⁻⁹ so that it bounds B(l) from above. The differences depend on σ
/// alone; the table for a σ is computed once. Above order <see cref="ForwardDifferenceOrderLimit"/> only the other half of each minimum, 2h(j), is used.
/// </remarks>
public static class WithoutReplacementGaussianRdp
{
    /// <summary>Highest order at which the forward-difference half of the bound is evaluated.</summary>
    public const int ForwardDifferenceOrderLimit = 256;

    private const double QuadratureStep = 0.02;
    private const double QuadratureMargin = 40;
    private const double UpperBoundFactor = 1 + 1e-9;
    private const int MemoLimit = 64;

    // A memo of a pure function of σ (ledgers ask for the same σ at every round and order); bounded, thread-safe.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<double, double[]> EvenDifferences = new();

    /// <summary>RDP at <paramref name="order"/> of one step on a subset of <paramref name="samplingRate"/> · n records.</summary>
    /// <param name="samplingRate">γ = m / n in [0, 1].</param>
    /// <param name="noiseMultiplier">The noise standard deviation divided by the L2 sensitivity.</param>
    /// <param name="order">The Rényi order α &gt; 1.</param>
    /// <returns>An upper bound on ε(α) of one step; +∞ without noise.</returns>
    public static double Compute(double samplingRate, double noiseMultiplier, double order)
    {
        if (SubsampledGaussianArguments.CheckAndTrivialCase(samplingRate, noiseMultiplier, order) is { } trivial)
        {
            return trivial;
        }

        if (order >= int.MaxValue)
        {
            return double.PositiveInfinity;
        }

        int below = (int)Math.Floor(order);
        if (below == order)
        {
            return LogA(samplingRate, noiseMultiplier, below) / (order - 1);
        }

        double t = order - below;
        double cumulant = ((1 - t) * LogA(samplingRate, noiseMultiplier, below)) + (t * LogA(samplingRate, noiseMultiplier, below + 1));
        return cumulant / (order - 1);
    }

    /// <summary>ln A_α of the theorem at integer <paramref name="alpha"/> (0 at α = 1).</summary>
    internal static double LogA(double gamma, double sigma, int alpha)
    {
        if (alpha <= 1)
        {
            return 0;
        }

        double twoSigmaSquared = 2 * sigma * sigma;
        double epsilon2 = 2 / twoSigmaSquared;
        double logGamma = Math.Log(gamma);
        double[]? logDifferences = alpha <= ForwardDifferenceOrderLimit ? LogEvenForwardDifferences(sigma) : null;

        double logA = 0; // ln 1
        double logBinomial = Math.Log(alpha); // ln C(α, 1)
        for (int j = 2; j <= alpha; j++)
        {
            logBinomial += Math.Log(alpha - j + 1) - Math.Log(j);
            double logH = (double)j * (j - 1) / twoSigmaSquared;
            double logTerm;
            if (j == 2)
            {
                logTerm = Math.Min(Math.Log(4) + Math.Log(SpecialFunctions.ExpMinusOne(epsilon2)), Math.Log(2) + epsilon2);
            }
            else
            {
                logTerm = Math.Log(2) + logH;
                if (logDifferences is not null)
                {
                    double low = logDifferences[2 * (j / 2)], high = logDifferences[2 * ((j + 1) / 2)];
                    logTerm = Math.Min(logTerm, Math.Log(4) + (0.5 * (low + high)));
                }
            }

            logA = SpecialFunctions.LogAdd(logA, (j * logGamma) + logBinomial + logTerm);
        }

        return logA;
    }

    /// <summary>ln of upper bounds on B(l) = Σ_i (−1)^{l−i} C(l,i) e^{i(i−1)/(2σ²)}, indexed by l = 0 … limit + 1 (filled at even l).</summary>
    private static double[] LogEvenForwardDifferences(double sigma)
    {
        if (EvenDifferences.TryGetValue(sigma, out var known))
        {
            return known;
        }

        var table = new double[ForwardDifferenceOrderLimit + 2];
        Array.Fill(table, double.NaN);
        for (int l = 0; l < table.Length; l += 2)
        {
            // The binomial sum is exact enough unless it cancels (large σ), and cheap; the integral is the fallback, and
            // is cheap exactly there (its range grows with l/σ).
            table[l] = l == 0 ? 0 : (LogBinomialSum(sigma, l) ?? LogEvenForwardDifference(sigma, l)) + Math.Log(UpperBoundFactor);
        }

        if (EvenDifferences.Count >= MemoLimit)
        {
            EvenDifferences.Clear();
        }

        EvenDifferences[sigma] = table;
        return table;
    }

    /// <summary>ln B(l) as the alternating binomial sum in double precision, or null when it cancels too much to be
    /// trusted (its rounding error is at most about 10⁻¹³ of the sum of the terms' magnitudes).</summary>
    private static double? LogBinomialSum(double sigma, int l)
    {
        double twoSigmaSquared = 2 * sigma * sigma;
        Span<double> logTerms = stackalloc double[l + 1];
        double logBinomial = 0, largest = double.NegativeInfinity;
        for (int i = 0; i <= l; i++)
        {
            if (i > 0)
            {
                logBinomial += Math.Log(l - i + 1) - Math.Log(i);
            }

            logTerms[i] = logBinomial + ((double)i * (i - 1) / twoSigmaSquared);
            largest = Math.Max(largest, logTerms[i]);
        }

        double positive = 0, negative = 0;
        for (int i = 0; i <= l; i++)
        {
            double scaled = Math.Exp(logTerms[i] - largest);
            if (((l - i) & 1) == 0)
            {
                positive += scaled;
            }
            else
            {
                negative += scaled;
            }
        }

        // Trusted when at most a factor 10³ cancels: a relative error below 10⁻¹⁰, which the 10⁻⁹ raise covers.
        double value = positive - negative;
        return value >= 1e-3 * (positive + negative) ? largest + Math.Log(value) : null;
    }

    /// <summary>ln E[(W − 1)^l] for even l ≥ 2, W = e^{sZ − s²/2}, s = 1/σ, by the trapezoidal rule in log space.</summary>
    private static double LogEvenForwardDifference(double sigma, int l)
    {
        double s = 1 / sigma, shift = s * s / 2;
        // The integrand φ(z)·(W − 1)^l peaks near z = l·s (W ≫ 1) or within a few units of 0; it has width about 1.
        double from = -QuadratureMargin, to = Math.Max(l * s, s / 2) + QuadratureMargin;
        int points = (int)Math.Ceiling((to - from) / QuadratureStep);

        double LogIntegrand(double z)
        {
            double t = (s * z) - shift; // ln W
            double logDistance = t > 0 ? t + SpecialFunctions.LogOneMinusExp(-t) : SpecialFunctions.LogOneMinusExp(t);
            return (-0.5 * z * z) + (l * logDistance);
        }

        double largest = double.NegativeInfinity;
        for (int k = 0; k <= points; k++)
        {
            largest = Math.Max(largest, LogIntegrand(from + (k * QuadratureStep)));
        }

        double sum = 0;
        for (int k = 0; k <= points; k++)
        {
            sum += Math.Exp(LogIntegrand(from + (k * QuadratureStep)) - largest);
        }

        // ∫ φ(z) g(z) dz ≈ step · Σ g(z_k) e^{−z_k²/2} / √(2π); the end points are negligible (40 units from the peak).
        return largest + Math.Log(sum * QuadratureStep) - (0.5 * Math.Log(2 * Math.PI));
    }
}
