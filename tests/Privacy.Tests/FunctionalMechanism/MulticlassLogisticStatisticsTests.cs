using OrleansFed.Privacy.FunctionalMechanism;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.Tests.Support;

namespace OrleansFed.Privacy.Tests.FunctionalMechanism;

public sealed class MulticlassLogisticStatisticsTests
{
    [Fact]
    public void Statistics_are_the_class_sums_and_one_gram_matrix()
    {
        double[] h = [0.5, 0.25, -0.2, 0.1, 0.3, -0.4];
        var statistics = MulticlassLogisticStatistics.Compute(h, [1, 0, 1], 3, 1);

        Assert.Equal(3, statistics.Count);
        // S_0 = h₂, S_1 = h₁ + h₃, S_2 = 0.
        Assert.Equal([-0.2, 0.1, 0.8, -0.15, 0, 0], statistics.ClassSums.ToArray(), new Tolerance(1e-15));
        // G = Σ (hᵀw)²/8: β_00 = Σh₀²/8, β_01 = 2Σh₀h₁/8, β_11 = Σh₁²/8.
        Assert.Equal([(0.25 + 0.04 + 0.09) / 8, 2 * (0.125 - 0.02 - 0.12) / 8, (0.0625 + 0.01 + 0.16) / 8],
            statistics.Gram.ToArray(), new Tolerance(1e-15));
    }

    [Fact]
    public void Exact_statistics_rebuild_the_per_class_objectives_coefficient_for_coefficient()
    {
        var random = new Random(11);
        const int d = 5, n = 40, classes = 4;
        var h = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            FeatureRows.Fill(random, h.AsSpan(i * d, d), 1);
        }

        int[] labels = [.. Enumerable.Range(0, n).Select(_ => random.Next(classes))];
        var direct = OutputLayerObjectives.MulticlassLogistic(h, labels, classes, 1);
        var rebuilt = MulticlassLogisticStatistics.Compute(h, labels, classes, 1).ToObjectives();

        Assert.Equal(classes, rebuilt.Length);
        for (int k = 0; k < classes; k++)
        {
            Assert.Equal(direct[k].ToCoefficientVector(), rebuilt[k].ToCoefficientVector(), new Tolerance(1e-12));
        }
    }

    [Theory]
    [InlineData(1, 2.25)]
    [InlineData(2, 5)]
    [InlineData(0.5, 1.0625)]
    public void Sensitivity_is_two_b_plus_b_squared_over_four(double bound, double expected) =>
        Assert.Equal(expected, MulticlassLogisticStatistics.Sensitivity(bound), 12);

    [Fact]
    public void Sensitivity_is_far_below_lemma_4_and_does_not_grow_with_the_classes()
    {
        Assert.Equal(12.5, OutputLayerObjectives.MulticlassLogisticSensitivity(10, 1), 12);
        Assert.Equal(2.25, MulticlassLogisticStatistics.Sensitivity(1), 12);
    }

    [Fact]
    public void Replacing_one_tuple_moves_the_statistics_by_at_most_the_sensitivity_and_the_bound_is_attained()
    {
        var random = new Random(7);
        const int d = 4, n = 6, classes = 3;
        const double bound = 1.5;
        double sensitivity = MulticlassLogisticStatistics.Sensitivity(bound);
        for (int trial = 0; trial < 300; trial++)
        {
            var (h, neighbour, labels, labels2) = FeatureRows.ReplaceOne(random, n, d, classes, bound);
            double l1 = L1(MulticlassLogisticStatistics.Compute(h, labels, classes, bound), MulticlassLogisticStatistics.Compute(neighbour, labels2, classes, bound));
            Assert.True(l1 <= sensitivity + 1e-12, $"L1 {l1} > {sensitivity}");
        }

        // The worst case: h = b·e₀ labelled 0 replaced by h′ = b·e₁ labelled 1 moves S by 2b and G by b²/8 + b²/8.
        double[] a = [bound, 0, 0, 0, 0.1, 0.2, 0, 0];
        double[] b = [0, bound, 0, 0, 0.1, 0.2, 0, 0];
        double worst = L1(MulticlassLogisticStatistics.Compute(a, [0, 2], classes, bound), MulticlassLogisticStatistics.Compute(b, [1, 2], classes, bound));
        Assert.Equal(sensitivity, worst, 12);
    }

    [Fact]
    public void Perturbation_adds_laplace_noise_of_scale_sensitivity_over_epsilon_to_every_statistic()
    {
        double[] h = [0.5, 0.25, -0.2, 0.1];
        var exact = MulticlassLogisticStatistics.Compute(h, [1, 0], 2, 1);
        const double epsilon = 2, sensitivity = 3;
        var differences = new List<double>();
        for (int s = 0; s < 200; s++)
        {
            var noisy = exact.Perturb(epsilon, sensitivity, new AesCtrRandomSource(Statistics.Seed(1200 + s)));
            Assert.Equal(exact.Count, noisy.Count);
            differences.AddRange(noisy.ClassSums.ToArray().Zip(exact.ClassSums.ToArray(), (u, v) => u - v));
            differences.AddRange(noisy.Gram.ToArray().Zip(exact.Gram.ToArray(), (u, v) => u - v));
        }

        // Laplace(Δ/ε): mean |noise| = Δ/ε = 1.5; 7 values per draw, 1,400 in all.
        Assert.InRange(differences.Average(Math.Abs), 1.5 * 0.9, 1.5 * 1.1);
        Assert.InRange(differences.Average(), -0.15, 0.15);
        Assert.DoesNotContain(0.0, differences);
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        double[] h = [0.5, 0.25, -0.2, 0.1];
        Assert.Throws<ArgumentException>(() => MulticlassLogisticStatistics.Compute(h, [1, 2], 2, 1));
        Assert.Throws<ArgumentException>(() => MulticlassLogisticStatistics.Compute(h, [1, -1], 2, 1));
        Assert.Throws<ArgumentException>(() => MulticlassLogisticStatistics.Compute(h, [1, 0], 2, 0.5));
        Assert.Throws<ArgumentException>(() => MulticlassLogisticStatistics.Compute(h, [1, 0, 1], 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MulticlassLogisticStatistics.Compute(h, [0, 0], 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MulticlassLogisticStatistics.Sensitivity(0));
    }

    private static double L1(MulticlassLogisticStatistics a, MulticlassLogisticStatistics b) =>
        a.ClassSums.ToArray().Zip(b.ClassSums.ToArray(), (u, v) => Math.Abs(u - v)).Sum()
        + a.Gram.ToArray().Zip(b.Gram.ToArray(), (u, v) => Math.Abs(u - v)).Sum();

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
