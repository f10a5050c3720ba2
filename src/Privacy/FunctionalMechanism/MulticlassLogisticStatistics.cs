using OrleansFed.Privacy.Mechanisms;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.FunctionalMechanism;

/// <summary>
/// A lower-sensitivity release of the same degree-2 classification objective as
/// <see cref="OutputLayerObjectives.MulticlassLogistic"/> (an OrleansFed addition, not the paper's Lemma 4 release).
/// <para>
/// Every coefficient of the C per-class objectives Σ_i [ln 2 + (½ − y_ik) h_iᵀw_k + (h_iᵀw_k)²/8] is a function of two
/// statistics: the per-class feature sums S_k = Σ_{i: y_i = k} h_i (C·d values) and one Gram matrix G = Σ_i h_i h_iᵀ/8
/// (d(d+1)/2 monomial coefficients, shared by every class). The linear part of class k is ½·Σ_k' S_k' − S_k and the
/// quadratic part is G for every class. Releasing (S, G) with Laplace noise and rebuilding the objectives from the
/// noisy values is post-processing of that release, so it is ε-DP with the sensitivity of (S, G) alone:
/// replacing one tuple moves S by at most ‖h‖₁ + ‖h′‖₁ ≤ 2b (one block loses h, one gains h′) and G by at most
/// (‖h‖₁² + ‖h′‖₁²)/8 ≤ b²/4, so Δ = 2b + b²/4 — against C(b + b²/4) when every class's coefficients are perturbed
/// separately (2.25 against 12.5 for b = 1 and C = 10).
/// </para>
/// </summary>
public sealed class MulticlassLogisticStatistics
{
    private readonly double[] _classSums;
    private readonly double[] _gram;

    private MulticlassLogisticStatistics(int classes, int dimension, int count, double[] classSums, double[] gram)
    {
        Classes = classes;
        Dimension = dimension;
        Count = count;
        _classSums = classSums;
        _gram = gram;
    }

    /// <summary>C.</summary>
    public int Classes { get; }

    /// <summary>d.</summary>
    public int Dimension { get; }

    /// <summary>n, the number of tuples (public: the objective's constant n·ln 2 and the mean use it).</summary>
    public int Count { get; }

    /// <summary>S: C blocks of d values, block k the sum of the features of the tuples labelled k.</summary>
    public ReadOnlySpan<double> ClassSums => _classSums;

    /// <summary>G: the monomial coefficients of Σ_i (h_iᵀw)²/8, row by row (j ≤ l), as in <see cref="PolynomialObjective.Quadratic"/>.</summary>
    public ReadOnlySpan<double> Gram => _gram;

    /// <summary>Computes S and G of the data.</summary>
    /// <param name="features">n rows of d features, row-major; each row's ‖h‖₁ must not exceed b.</param>
    /// <param name="labels">n labels in [0, classes).</param>
    /// <param name="classes">C ≥ 2.</param>
    /// <param name="featureL1Bound">b.</param>
    public static MulticlassLogisticStatistics Compute(ReadOnlySpan<double> features, ReadOnlySpan<int> labels, int classes, double featureL1Bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        int d = OutputLayerObjectives.Dimension(features, labels.Length);
        var sums = new double[classes * d];
        var gram = new double[d * (d + 1) / 2];
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentException($"Label {i} is outside [0, {classes}).", nameof(labels));
            }

            var h = features.Slice(i * d, d);
            OutputLayerObjectives.CheckRow(h, featureL1Bound, i);
            OutputLayerObjectives.AccumulateRow(h, sums.AsSpan(labels[i] * d, d), gram, 1, 1.0 / 8);
        }

        return new MulticlassLogisticStatistics(classes, d, labels.Length, sums, gram);
    }

    /// <summary>Δ = 2b + b²/4, the L1 sensitivity of (S, G) under replace-one neighbours; it does not depend on C.</summary>
    /// <param name="featureL1Bound">b.</param>
    public static double Sensitivity(double featureL1Bound)
    {
        OutputLayerObjectives.CheckBound(featureL1Bound);
        double b = featureL1Bound;
        return 2 * b + b * b / 4;
    }

    /// <summary>
    /// (S, G) with Laplace noise of scale Δ/ε on every value, in one release: ε-DP for the whole set. The result carries
    /// the same n (public).
    /// </summary>
    /// <param name="epsilon">ε₂.</param>
    /// <param name="sensitivity">Δ, normally <see cref="Sensitivity"/> of the network's b.</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    public MulticlassLogisticStatistics Perturb(double epsilon, double sensitivity, RandomSource? random = null)
    {
        var all = new double[_classSums.Length + _gram.Length];
        _classSums.CopyTo(all, 0);
        _gram.CopyTo(all, _classSums.Length);
        new LaplaceMechanism(sensitivity, epsilon, random).Release(all, all);
        return new MulticlassLogisticStatistics(Classes, Dimension, Count, all[.._classSums.Length], all[_classSums.Length..]);
    }

    /// <summary>
    /// The per-class objectives these statistics determine: constant n·ln 2, linear ½·Σ_k' S_k' − S_k, quadratic G.
    /// On exact statistics they equal <see cref="OutputLayerObjectives.MulticlassLogistic"/> of the same data.
    /// </summary>
    public PolynomialObjective[] ToObjectives()
    {
        int d = Dimension;
        var total = new double[d];
        for (int k = 0; k < Classes; k++)
        {
            for (int j = 0; j < d; j++)
            {
                total[j] += _classSums[k * d + j];
            }
        }

        var objectives = new PolynomialObjective[Classes];
        var linear = new double[d];
        for (int k = 0; k < Classes; k++)
        {
            for (int j = 0; j < d; j++)
            {
                linear[j] = 0.5 * total[j] - _classSums[k * d + j];
            }

            objectives[k] = new PolynomialObjective(Count * Math.Log(2), linear, _gram);
        }

        return objectives;
    }
}
