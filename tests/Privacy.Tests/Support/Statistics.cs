namespace OrleansFed.Privacy.Tests.Support;

/// <summary>Goodness-of-fit helpers. Tests seed their random sources, so each statistical test is deterministic.</summary>
internal static class Statistics
{
    /// <summary>Pearson's χ² of observed counts against expected counts; cells with tiny expectation are pooled.</summary>
    public static (double Statistic, int DegreesOfFreedom) ChiSquare(IReadOnlyList<double> observed, IReadOnlyList<double> expected, double minExpected = 5)
    {
        double statistic = 0;
        int cells = 0;
        double pooledObserved = 0;
        double pooledExpected = 0;
        for (int i = 0; i < observed.Count; i++)
        {
            if (expected[i] < minExpected)
            {
                pooledObserved += observed[i];
                pooledExpected += expected[i];
                continue;
            }

            statistic += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
            cells++;
        }

        if (pooledExpected > 0)
        {
            statistic += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
            cells++;
        }

        return (statistic, cells - 1);
    }

    /// <summary>The upper 0.1 % point of χ² with k degrees of freedom (Wilson–Hilferty).</summary>
    public static double ChiSquareCritical(int degreesOfFreedom)
    {
        const double z = 3.090232306167813; // upper 0.1 % of N(0,1)
        double k = degreesOfFreedom;
        double a = 2.0 / (9.0 * k);
        return k * Math.Pow(1 - a + z * Math.Sqrt(a), 3);
    }

    public static void AssertChiSquareFits(IReadOnlyList<double> observed, IReadOnlyList<double> expected)
    {
        var (statistic, df) = ChiSquare(observed, expected);
        double critical = ChiSquareCritical(df);
        Assert.True(statistic < critical, $"χ² = {statistic:F1} with {df} degrees of freedom exceeds the 0.1 % critical value {critical:F1}.");
    }

    /// <summary>Kolmogorov–Smirnov statistic of a sample against a continuous CDF.</summary>
    public static double KolmogorovSmirnov(double[] sample, Func<double, double> cdf)
    {
        Array.Sort(sample);
        double d = 0;
        int n = sample.Length;
        for (int i = 0; i < n; i++)
        {
            double f = cdf(sample[i]);
            d = Math.Max(d, Math.Max(f - (double)i / n, (double)(i + 1) / n - f));
        }

        return d;
    }

    /// <summary>Asserts a KS fit at the 0.1 % level (critical value 1.949/√n).</summary>
    public static void AssertKolmogorovSmirnovFits(double[] sample, Func<double, double> cdf)
    {
        double d = KolmogorovSmirnov(sample, cdf);
        double critical = 1.9495 / Math.Sqrt(sample.Length);
        Assert.True(d < critical, $"KS statistic {d:F5} exceeds the 0.1 % critical value {critical:F5}.");
    }

    public static byte[] Seed(int value)
    {
        var seed = new byte[16];
        BitConverter.TryWriteBytes(seed, value);
        return seed;
    }
}
