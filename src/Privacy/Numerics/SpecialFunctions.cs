namespace OrleansFed.Privacy.Numerics;

/// <summary>
/// The error function family and log-space helpers the accountants and calibrations need, accurate to
/// a few ulps in double precision, including deep in the tails where only logarithms are representable.
/// </summary>
internal static class SpecialFunctions
{
    private const double LogSqrtPi = 0.57236494292470008707171367567652935; // ln(√π)
    private const double Sqrt2 = 1.4142135623730950488016887242096981;

    // Below this x the power series of the lower incomplete gamma function converges with no
    // cancellation; above it the continued fraction of the upper one converges in a few dozen terms.
    private const double SeriesLimit = 1.25;

    /// <summary>The complementary error function erfc(x) = 1 − erf(x).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < 0)
        {
            return 2.0 - Erfc(-x);
        }

        if (x < SeriesLimit)
        {
            return 1.0 - Erf(x);
        }

        return Math.Exp(LogErfcContinuedFraction(x));
    }

    /// <summary>The error function.</summary>
    public static double Erf(double x)
    {
        if (x < 0)
        {
            return -Erf(-x);
        }

        if (x >= SeriesLimit)
        {
            return 1.0 - Erfc(x);
        }

        // erf(x) = P(1/2, x²) with the series P(a, z) = z^a e^-z / Γ(a+1) Σ z^n / ((a+1)…(a+n)).
        double z = x * x;
        double a = 0.5;
        double term = 1.0 / a;
        double sum = term;
        for (int n = 1; n < 500; n++)
        {
            term *= z / (a + n);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return sum * Math.Exp(-z + 0.5 * Math.Log(z) - LogSqrtPi);
    }

    /// <summary>ln erfc(x), finite for every finite x (erfc underflows beyond x ≈ 27; its log does not).</summary>
    public static double LogErfc(double x)
    {
        if (x < SeriesLimit)
        {
            return Math.Log(Erfc(x));
        }

        return LogErfcContinuedFraction(x);
    }

    /// <summary>ln Φ(x), the log of the standard normal distribution function.</summary>
    public static double LogNormalCdf(double x)
    {
        // Φ(x) = erfc(−x/√2)/2; for positive x take log1p of the small upper tail instead.
        if (x > 0)
        {
            return LogOnePlus(-0.5 * Erfc(x / Sqrt2));
        }

        return LogErfc(-x / Sqrt2) - Math.Log(2.0);
    }

    /// <summary>ln(1 − Φ(x / scale)), the log survival function of N(0, scale²).</summary>
    public static double LogNormalSurvival(double x, double scale = 1.0) => LogNormalCdf(-x / scale);

    /// <summary>Φ(x), the standard normal distribution function.</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x / Sqrt2);

    /// <summary>ln(eˣ + eʸ) without overflow.</summary>
    public static double LogAdd(double logX, double logY)
    {
        double a = Math.Min(logX, logY);
        double b = Math.Max(logX, logY);
        if (double.IsNegativeInfinity(a))
        {
            return b;
        }

        return LogOnePlus(Math.Exp(a - b)) + b;
    }

    /// <summary>ln(eˣ − eʸ) for x ≥ y.</summary>
    public static double LogSubtract(double logX, double logY)
    {
        if (logX < logY)
        {
            throw new ArgumentException("The difference of exponentials would be negative.", nameof(logX));
        }

        if (double.IsNegativeInfinity(logY))
        {
            return logX;
        }

        if (logX == logY)
        {
            return double.NegativeInfinity;
        }

        return LogOneMinusExp(logY - logX) + logX;
    }

    /// <summary>ln(1 − eˣ) for x ≤ 0, accurate on both sides of ln 2.</summary>
    public static double LogOneMinusExp(double x)
    {
        if (x > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), "The argument must be non-positive.");
        }

        if (x == 0)
        {
            return double.NegativeInfinity;
        }

        return x < -0.6931471805599453 ? LogOnePlus(-Math.Exp(x)) : Math.Log(-ExpMinusOne(x));
    }

    /// <summary>ln(1 + x), accurate for small x.</summary>
    public static double LogOnePlus(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        double u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }

        // Corrects the rounding of 1 + x (Goldberg's trick).
        return Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>eˣ − 1, accurate for small x.</summary>
    public static double ExpMinusOne(double x)
    {
        if (Math.Abs(x) > 0.5)
        {
            return Math.Exp(x) - 1.0;
        }

        // Series: converges to full precision within 20 terms on |x| ≤ 1/2.
        double term = x;
        double sum = x;
        for (int n = 2; n < 30; n++)
        {
            term *= x / n;
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * 1e-17)
            {
                break;
            }
        }

        return sum;
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, 9 terms; relative error below 1e-15).</summary>
    public static double LogGamma(double x)
    {
        if (x <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), "LogGamma is defined here for positive arguments.");
        }

        if (x < 0.5)
        {
            // Reflection keeps the approximation in its accurate region.
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1.0 - x);
        }

        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7,
        ];
        x -= 1.0;
        double sum = c[0];
        for (int i = 1; i < c.Length; i++)
        {
            sum += c[i] / (x + i);
        }

        double t = x + 7.5;
        return 0.91893853320467274178 + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    // ln erfc(x) for x ≥ SeriesLimit from the continued fraction of Γ(1/2, x²) (modified Lentz).
    private static double LogErfcContinuedFraction(double x)
    {
        const double tiny = 1e-300;
        double z = x * x;
        double a = 0.5;
        double b = z + 1.0 - a;
        double c = 1.0 / tiny;
        double d = 1.0 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++)
        {
            double an = -i * (i - a);
            b += 2.0;
            d = an * d + b;
            if (Math.Abs(d) < tiny)
            {
                d = tiny;
            }

            c = b + an / c;
            if (Math.Abs(c) < tiny)
            {
                c = tiny;
            }

            d = 1.0 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1.0) < 1e-16)
            {
                break;
            }
        }

        // Γ(1/2, z) = e^-z z^(1/2) h and erfc(x) = Γ(1/2, x²)/√π.
        return -z + Math.Log(x) + Math.Log(h) - LogSqrtPi;
    }
}
