using OrleansFed.Privacy.Mechanisms;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.FunctionalMechanism;

/// <summary>
/// SecProbe's functional-mechanism objectives over the output layer of a network (Zhao et al., after Zhang et al. and
/// Phan et al.): the loss of each tuple, written in the output weights w given the tuple's last-layer features
/// h ∈ R^d with ‖h‖₁ ≤ b, expanded by Taylor to degree 2 at w = 0.
/// <list type="bullet">
/// <item>Regression, sigmoid output (the paper's Eq. 12 form): (y − σ(hᵀw))² ≈ (y − ½)² − ½(y − ½) hᵀw + (1/16)(hᵀw)²,
/// from σ(z) ≈ ½ + z/4.</item>
/// <item>Classification (the Eq. 17 form): per class k, y_k ln(1 + e^(−z_k)) + (1 − y_k) ln(1 + e^(z_k)) with
/// z_k = hᵀw_k, ≈ ln 2 + (½ − y_k) z_k + z_k²/8.</item>
/// </list>
/// The sensitivities are twice the largest L1 norm one tuple can add to the coefficient vector (replace-one
/// neighbours), as in the paper's Lemmas 3 and 4, but stated in b: with the paper's features in [0, 1]^d, b = d.
/// </summary>
public static class OutputLayerObjectives
{
    /// <summary>Σ_i of the degree-2 expansion of (y_i − σ(h_iᵀw))².</summary>
    /// <param name="features">n rows of d features, row-major.</param>
    /// <param name="targets">n targets in [0, 1].</param>
    /// <param name="featureL1Bound">b: each row's ‖h‖₁ must not exceed it.</param>
    public static PolynomialObjective SigmoidSquaredError(ReadOnlySpan<double> features, ReadOnlySpan<double> targets, double featureL1Bound)
    {
        int d = Dimension(features, targets.Length);
        double constant = 0;
        var linear = new double[d];
        var quadratic = new double[d * (d + 1) / 2];
        for (int i = 0; i < targets.Length; i++)
        {
            double y = targets[i];
            if (!(y >= 0 && y <= 1))
            {
                throw new ArgumentException($"Target {i} is outside [0, 1].", nameof(targets));
            }

            var h = features.Slice(i * d, d);
            CheckRow(h, featureL1Bound, i);
            double centred = y - 0.5;
            constant += centred * centred;
            AccumulateRow(h, linear, quadratic, -0.5 * centred, 1.0 / 16);
        }

        return new PolynomialObjective(constant, linear, quadratic);
    }

    /// <summary>
    /// Lemma 3 (regression): Δ = 2(¼ + b/4 + b²/16). One tuple adds at most ¼ to the constant, ¼‖h‖₁ to the linear
    /// part and Σ_{j≤l}|coefficient| ≤ ‖h‖₁²/16 to the quadratic part.
    /// </summary>
    /// <param name="featureL1Bound">b.</param>
    public static double SigmoidSquaredErrorSensitivity(double featureL1Bound)
    {
        CheckBound(featureL1Bound);
        double b = featureL1Bound;
        return 2 * (0.25 + b / 4 + b * b / 16);
    }

    /// <summary>
    /// A bound on the curvature of the mean regression objective: its Hessian is (1/n) Σ_i h_i h_iᵀ/8, whose largest
    /// eigenvalue is at most max ‖h‖₂²/8 ≤ ‖h‖∞·‖h‖₁/8 ≤ s·b/8. With the hidden features scaled to |h_j| ≤ s = b/D this is
    /// D times smaller than the L1-only bound b²/8, which matters: it is what the ridge and the step are scaled to.
    /// </summary>
    /// <param name="featureL1Bound">b.</param>
    /// <param name="featureMaxAbs">s, the largest |h_j| of any feature.</param>
    public static double SigmoidSquaredErrorCurvature(double featureL1Bound, double featureMaxAbs)
    {
        CheckBound(featureL1Bound);
        CheckBound(featureMaxAbs);
        return Math.Min(featureL1Bound, featureMaxAbs) * featureL1Bound / 8;
    }

    /// <summary>
    /// The per-class objectives Σ_i [ln 2 + (½ − y_ik) h_iᵀw_k + (h_iᵀw_k)²/8], one <see cref="PolynomialObjective"/> per
    /// class over that class's output weights.
    /// </summary>
    /// <param name="features">n rows of d features, row-major.</param>
    /// <param name="labels">n labels in [0, classes).</param>
    /// <param name="classes">C.</param>
    /// <param name="featureL1Bound">b.</param>
    public static PolynomialObjective[] MulticlassLogistic(ReadOnlySpan<double> features, ReadOnlySpan<int> labels, int classes, double featureL1Bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        int d = Dimension(features, labels.Length);
        // The quadratic part Σ h hᵀ/8 is the same for every class; the linear part is Σ_i (½ − y_ik) h_i.
        var gram = new double[d * (d + 1) / 2];
        var linear = new double[classes * d];
        var zero = new double[d];
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentException($"Label {i} is outside [0, {classes}).", nameof(labels));
            }

            var h = features.Slice(i * d, d);
            CheckRow(h, featureL1Bound, i);
            AccumulateRow(h, zero, gram, 0, 1.0 / 8);
            for (int k = 0; k < classes; k++)
            {
                double factor = (labels[i] == k ? -0.5 : 0.5);
                for (int j = 0; j < d; j++)
                {
                    linear[k * d + j] += factor * h[j];
                }
            }
        }

        var objectives = new PolynomialObjective[classes];
        for (int k = 0; k < classes; k++)
        {
            objectives[k] = new PolynomialObjective(labels.Length * Math.Log(2), linear.AsSpan(k * d, d), gram);
        }

        return objectives;
    }

    /// <summary>
    /// Lemma 4 (classification): Δ = C(b + b²/4). Per class one tuple adds ½‖h‖₁ to the linear part and ‖h‖₁²/8 to the
    /// quadratic part; the constant n·ln 2 does not depend on the data.
    /// </summary>
    /// <param name="classes">C.</param>
    /// <param name="featureL1Bound">b.</param>
    public static double MulticlassLogisticSensitivity(int classes, double featureL1Bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        CheckBound(featureL1Bound);
        double b = featureL1Bound;
        return classes * (b + b * b / 4);
    }

    /// <summary>
    /// Perturbs every coefficient of all <paramref name="objectives"/> together with one Laplace release of scale Δ/ε
    /// (Δ the L1 sensitivity of the concatenated coefficient vector): ε-DP for the whole set.
    /// </summary>
    /// <param name="objectives">The exact objectives.</param>
    /// <param name="epsilon">ε₂.</param>
    /// <param name="sensitivity">Δ of all of them together.</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    public static PolynomialObjective[] Perturb(IReadOnlyList<PolynomialObjective> objectives, double epsilon, double sensitivity, RandomSource? random = null)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        if (objectives.Count == 0)
        {
            throw new ArgumentException("There is nothing to perturb.", nameof(objectives));
        }

        int each = objectives[0].MonomialCount;
        var all = new double[each * objectives.Count];
        for (int k = 0; k < objectives.Count; k++)
        {
            if (objectives[k].MonomialCount != each)
            {
                throw new ArgumentException("All objectives must have the same dimension.", nameof(objectives));
            }

            objectives[k].ToCoefficientVector().CopyTo(all, k * each);
        }

        new LaplaceMechanism(sensitivity, epsilon, random).Release(all, all);
        var noisy = new PolynomialObjective[objectives.Count];
        for (int k = 0; k < noisy.Length; k++)
        {
            noisy[k] = PolynomialObjective.FromCoefficientVector(objectives[k].Dimension, all.AsSpan(k * each, each));
        }

        return noisy;
    }

    internal static void AccumulateRow(ReadOnlySpan<double> h, Span<double> linear, Span<double> quadratic, double linearFactor, double squareFactor)
    {
        int d = h.Length;
        int q = 0;
        for (int j = 0; j < d; j++)
        {
            linear[j] += linearFactor * h[j];
            for (int l = j; l < d; l++)
            {
                // (hᵀw)² = Σ_j h_j² w_j² + Σ_{j<l} 2 h_j h_l w_j w_l.
                quadratic[q++] += (l == j ? squareFactor : 2 * squareFactor) * h[j] * h[l];
            }
        }
    }

    internal static int Dimension(ReadOnlySpan<double> features, int rows)
    {
        if (rows == 0 || features.Length == 0 || features.Length % rows != 0)
        {
            throw new ArgumentException("Features must hold one row of d ≥ 1 values per tuple.", nameof(features));
        }

        return features.Length / rows;
    }

    internal static void CheckRow(ReadOnlySpan<double> h, double bound, int row)
    {
        double norm = 0;
        foreach (double v in h)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"Feature row {row} has a non-finite value.", nameof(h));
            }

            norm += Math.Abs(v);
        }

        if (norm > bound * (1 + 1e-12))
        {
            throw new ArgumentException($"Feature row {row} has L1 norm {norm}, above the bound {bound}.", nameof(h));
        }
    }

    internal static void CheckBound(double bound)
    {
        if (!(bound > 0) || !double.IsFinite(bound))
        {
            throw new ArgumentOutOfRangeException(nameof(bound), "The feature L1 bound must be positive and finite.");
        }
    }
}
