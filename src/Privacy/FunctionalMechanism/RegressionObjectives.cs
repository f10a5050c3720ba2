namespace OrleansFed.Privacy.FunctionalMechanism;

/// <summary>
/// The polynomial objectives of the functional mechanism (Zhang, Zhang, Xiao, Yang and Winslett 2012) for linear
/// regression and (second-order Taylor) logistic regression, with their L1 sensitivities. Every feature must lie in
/// [−1, 1]; labels in [−1, 1] for linear and in {0, 1} for logistic regression.
/// </summary>
public static class RegressionObjectives
{
    /// <summary>
    /// Σ_i (y_i − x_iᵀw)² as monomials: c = Σ y², α_j = −2 Σ y x_j, β_jj = Σ x_j², β_jl = 2 Σ x_j x_l (j &lt; l).
    /// </summary>
    /// <param name="features">n rows of d features, row-major.</param>
    /// <param name="labels">n labels.</param>
    public static PolynomialObjective LinearRegression(ReadOnlySpan<double> features, ReadOnlySpan<double> labels)
    {
        int d = Dimension(features, labels);
        double constant = 0;
        var linear = new double[d];
        var quadratic = new double[d * (d + 1) / 2];
        for (int i = 0; i < labels.Length; i++)
        {
            var x = features.Slice(i * d, d);
            double y = labels[i];
            CheckRange(y, 1, i, "label");
            constant += y * y;
            Accumulate(x, i, linear, quadratic, linearFactor: -2 * y, squareFactor: 1, crossFactor: 2);
        }

        return new PolynomialObjective(constant, linear, quadratic);
    }

    /// <summary>
    /// Σ_i [log(1 + e^(x_iᵀw)) − y_i x_iᵀw] expanded to second order at w = 0:
    /// n·ln 2 + Σ_i (½ − y_i) x_iᵀw + ⅛ (x_iᵀw)².
    /// </summary>
    /// <param name="features">n rows of d features, row-major.</param>
    /// <param name="labels">n labels in {0, 1}.</param>
    public static PolynomialObjective LogisticRegression(ReadOnlySpan<double> features, ReadOnlySpan<double> labels)
    {
        int d = Dimension(features, labels);
        var linear = new double[d];
        var quadratic = new double[d * (d + 1) / 2];
        for (int i = 0; i < labels.Length; i++)
        {
            double y = labels[i];
            if (y is not (0.0 or 1.0))
            {
                throw new ArgumentException($"Label {i} is not 0 or 1.", nameof(labels));
            }

            Accumulate(features.Slice(i * d, d), i, linear, quadratic, linearFactor: 0.5 - y, squareFactor: 0.125, crossFactor: 0.25);
        }

        return new PolynomialObjective(labels.Length * Math.Log(2), linear, quadratic);
    }

    /// <summary>Δ = 2(1 + 2d + d²): twice the largest Σ|coefficient| one tuple can contribute to the linear-regression objective.</summary>
    /// <param name="dimension">d.</param>
    public static double LinearRegressionSensitivity(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        double d = dimension;
        return 2 * (1 + 2 * d + d * d);
    }

    /// <summary>Δ = d²/4 + 3d, the bound Zhang et al. give for the Taylor-expanded logistic objective.</summary>
    /// <param name="dimension">d.</param>
    public static double LogisticRegressionSensitivity(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        double d = dimension;
        return d * d / 4 + 3 * d;
    }

    private static void Accumulate(ReadOnlySpan<double> x, int row, double[] linear, double[] quadratic, double linearFactor, double squareFactor, double crossFactor)
    {
        int d = x.Length;
        int q = 0;
        for (int j = 0; j < d; j++)
        {
            CheckRange(x[j], 1, row, "feature");
            linear[j] += linearFactor * x[j];
            for (int l = j; l < d; l++)
            {
                quadratic[q++] += (l == j ? squareFactor : crossFactor) * x[j] * x[l];
            }
        }
    }

    private static int Dimension(ReadOnlySpan<double> features, ReadOnlySpan<double> labels)
    {
        if (labels.IsEmpty || features.Length % labels.Length != 0 || features.Length == 0)
        {
            throw new ArgumentException("Features must hold one row of d ≥ 1 values per label.", nameof(features));
        }

        return features.Length / labels.Length;
    }

    private static void CheckRange(double value, double bound, int row, string what)
    {
        if (!(Math.Abs(value) <= bound))
        {
            throw new ArgumentOutOfRangeException(what, $"The {what} in row {row} is outside [−{bound}, {bound}] (or not finite).");
        }
    }
}
