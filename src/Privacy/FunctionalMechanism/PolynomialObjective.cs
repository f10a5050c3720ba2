namespace OrleansFed.Privacy.FunctionalMechanism;

/// <summary>
/// A polynomial objective of degree ≤ 2 in the model weights w ∈ R^d, stored by monomial as the functional mechanism
/// perturbs it: f(w) = c + Σ_j α_j w_j + Σ_{j ≤ l} β_jl w_j w_l.
/// </summary>
public sealed class PolynomialObjective
{
    private readonly double[] _linear;
    private readonly double[] _quadratic;

    /// <summary>Creates an objective from its monomial coefficients.</summary>
    /// <param name="constant">c.</param>
    /// <param name="linear">α, of length d.</param>
    /// <param name="quadratic">β_jl for j ≤ l, row by row (β_00, β_01, …, β_0(d−1), β_11, …): d(d+1)/2 values.</param>
    public PolynomialObjective(double constant, ReadOnlySpan<double> linear, ReadOnlySpan<double> quadratic)
    {
        int d = linear.Length;
        if (d == 0 || quadratic.Length != d * (d + 1) / 2)
        {
            throw new ArgumentException("A degree-2 objective over d weights has d linear and d(d+1)/2 quadratic coefficients.", nameof(quadratic));
        }

        Constant = constant;
        _linear = linear.ToArray();
        _quadratic = quadratic.ToArray();
    }

    /// <summary>d.</summary>
    public int Dimension => _linear.Length;

    /// <summary>c.</summary>
    public double Constant { get; }

    /// <summary>α.</summary>
    public ReadOnlySpan<double> Linear => _linear;

    /// <summary>β_jl for j ≤ l, row by row.</summary>
    public ReadOnlySpan<double> Quadratic => _quadratic;

    /// <summary>The number of monomials, including the constant: 1 + d + d(d+1)/2.</summary>
    public int MonomialCount => 1 + _linear.Length + _quadratic.Length;

    /// <summary>The position of β_jl in <see cref="Quadratic"/>.</summary>
    /// <param name="j">Row, j ≤ l.</param>
    /// <param name="l">Column.</param>
    public int QuadraticIndex(int j, int l)
    {
        if (j > l)
        {
            (j, l) = (l, j);
        }

        return j * Dimension - j * (j - 1) / 2 + (l - j);
    }

    /// <summary>f(w).</summary>
    /// <param name="weights">w.</param>
    public double Evaluate(ReadOnlySpan<double> weights)
    {
        CheckLength(weights.Length);
        double value = Constant;
        for (int j = 0; j < Dimension; j++)
        {
            value += _linear[j] * weights[j];
            for (int l = j; l < Dimension; l++)
            {
                value += _quadratic[QuadraticIndex(j, l)] * weights[j] * weights[l];
            }
        }

        return value;
    }

    /// <summary>All coefficients in one vector: c, then α, then β.</summary>
    public double[] ToCoefficientVector()
    {
        var all = new double[MonomialCount];
        all[0] = Constant;
        _linear.CopyTo(all, 1);
        _quadratic.CopyTo(all, 1 + Dimension);
        return all;
    }

    /// <summary>Rebuilds an objective over <paramref name="dimension"/> weights from <see cref="ToCoefficientVector"/>.</summary>
    /// <param name="dimension">d.</param>
    /// <param name="coefficients">c, α, β.</param>
    public static PolynomialObjective FromCoefficientVector(int dimension, ReadOnlySpan<double> coefficients)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        return new PolynomialObjective(coefficients[0], coefficients.Slice(1, dimension), coefficients[(1 + dimension)..]);
    }

    /// <summary>
    /// argmin_w f(w) + (λ/2)‖w‖²: solves (2M + λI) w = −α by Cholesky, where M is the symmetric matrix of the quadratic
    /// part. A perturbed objective may not be convex; λ is then doubled until 2M + λI is positive definite
    /// (the regularisation Zhang et al. suggest).
    /// </summary>
    /// <param name="ridge">λ ≥ 0.</param>
    /// <param name="destination">Receives w.</param>
    /// <returns>The λ actually used.</returns>
    public double Minimize(double ridge, Span<double> destination)
    {
        CheckLength(destination.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(ridge);
        int d = Dimension;
        double lambda = ridge;
        var factor = new double[d * d];
        while (!TryCholesky(lambda, factor))
        {
            lambda = lambda == 0 ? 1e-6 * (1 + MaxAbsDiagonal()) : 2 * lambda;
        }

        // Forward then back substitution: L y = −α, Lᵀ w = y.
        Span<double> y = d <= 256 ? stackalloc double[d] : new double[d];
        for (int i = 0; i < d; i++)
        {
            double sum = -_linear[i];
            for (int k = 0; k < i; k++)
            {
                sum -= factor[i * d + k] * y[k];
            }

            y[i] = sum / factor[i * d + i];
        }

        for (int i = d - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int k = i + 1; k < d; k++)
            {
                sum -= factor[k * d + i] * destination[k];
            }

            destination[i] = sum / factor[i * d + i];
        }

        return lambda;
    }

    private bool TryCholesky(double lambda, double[] factor)
    {
        int d = Dimension;
        Array.Clear(factor);
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                // (2M)_ii = 2β_ii, (2M)_ij = β_ij for i ≠ j.
                double a = i == j ? 2 * _quadratic[QuadraticIndex(i, i)] + lambda : _quadratic[QuadraticIndex(j, i)];
                double sum = a;
                for (int k = 0; k < j; k++)
                {
                    sum -= factor[i * d + k] * factor[j * d + k];
                }

                if (i == j)
                {
                    if (!(sum > 1e-12 * (1 + Math.Abs(a))))
                    {
                        return false;
                    }

                    factor[i * d + i] = Math.Sqrt(sum);
                }
                else
                {
                    factor[i * d + j] = sum / factor[j * d + j];
                }
            }
        }

        return true;
    }

    private double MaxAbsDiagonal()
    {
        double max = 0;
        for (int j = 0; j < Dimension; j++)
        {
            max = Math.Max(max, Math.Abs(2 * _quadratic[QuadraticIndex(j, j)]));
        }

        return max;
    }

    private void CheckLength(int length)
    {
        if (length != Dimension)
        {
            throw new ArgumentException($"Expected {Dimension} weights.", nameof(length));
        }
    }
}
