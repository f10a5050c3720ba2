using OrleansFed.Privacy.Numerics;

namespace OrleansFed.Privacy.Mechanisms;

/// <summary>The noise standard deviation σ that makes the Gaussian mechanism (ε, δ)-DP for L2 sensitivity Δ.</summary>
public static class GaussianCalibration
{
    /// <summary>Dwork and Roth, Theorem A.1: σ = Δ·√(2 ln(1.25/δ))/ε, valid for ε &lt; 1 only.</summary>
    /// <param name="epsilon">ε in (0, 1).</param>
    /// <param name="delta">δ in (0, 1).</param>
    /// <param name="sensitivity">Δ &gt; 0.</param>
    public static double Classic(double epsilon, double delta, double sensitivity)
    {
        Check(epsilon, delta, sensitivity);
        if (epsilon >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), "The classic calibration holds only for ε < 1; use the analytic one.");
        }

        return sensitivity * Math.Sqrt(2 * Math.Log(1.25 / delta)) / epsilon;
    }

    /// <summary>
    /// The analytic Gaussian mechanism (Balle and Wang 2018, Algorithm 1): the smallest σ with
    /// Φ(Δ/(2σ) − εσ/Δ) − e^ε·Φ(−Δ/(2σ) − εσ/Δ) ≤ δ, found by doubling and bisection until δ is met to a relative
    /// <paramref name="tolerance"/> (the reference uses an absolute one, too coarse for small δ); valid for every ε &gt; 0.
    /// </summary>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="delta">δ in (0, 1).</param>
    /// <param name="sensitivity">Δ &gt; 0.</param>
    /// <param name="tolerance">Relative precision of the bisection on δ.</param>
    public static double Analytic(double epsilon, double delta, double sensitivity, double tolerance = 1e-12)
    {
        Check(epsilon, delta, sensitivity);
        double deltaAtZero = SpecialFunctions.NormalCdf(0) - Math.Exp(epsilon) * SpecialFunctions.NormalCdf(-Math.Sqrt(2 * epsilon));
        double alpha;
        if (delta == deltaAtZero)
        {
            alpha = 1.0;
        }
        else
        {
            bool above = delta > deltaAtZero;
            // B⁺(v) = Φ(√(εv)) − e^ε Φ(−√(ε(v+2))) increases in v; B⁻(u) = Φ(−√(εu)) − e^ε Φ(−√(ε(u+2))) decreases.
            double DeltaOf(double v) => above
                ? SpecialFunctions.NormalCdf(Math.Sqrt(epsilon * v)) - Math.Exp(epsilon) * SpecialFunctions.NormalCdf(-Math.Sqrt(epsilon * (v + 2)))
                : SpecialFunctions.NormalCdf(-Math.Sqrt(epsilon * v)) - Math.Exp(epsilon) * SpecialFunctions.NormalCdf(-Math.Sqrt(epsilon * (v + 2)));
            bool PastTarget(double v) => above ? DeltaOf(v) >= delta : DeltaOf(v) <= delta;

            double low = 0;
            double high = 1;
            while (!PastTarget(high))
            {
                low = high;
                high *= 2;
            }

            double mid = low + (high - low) / 2;
            for (int i = 0; i < 2000 && Math.Abs(DeltaOf(mid) - delta) > tolerance * delta; i++)
            {
                if (PastTarget(mid))
                {
                    high = mid;
                }
                else
                {
                    low = mid;
                }

                mid = low + (high - low) / 2;
            }

            alpha = above
                ? Math.Sqrt(1 + mid / 2) - Math.Sqrt(mid / 2)
                : Math.Sqrt(1 + mid / 2) + Math.Sqrt(mid / 2);
        }

        return alpha * sensitivity / Math.Sqrt(2 * epsilon);
    }

    private static void Check(double epsilon, double delta, double sensitivity)
    {
        if (!(epsilon > 0) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), "ε must be positive and finite.");
        }

        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), "δ must lie in (0, 1).");
        }

        if (!(sensitivity > 0) || !double.IsFinite(sensitivity))
        {
            throw new ArgumentOutOfRangeException(nameof(sensitivity), "The sensitivity must be positive and finite.");
        }
    }
}
