using OrleansFed.Privacy.FunctionalMechanism;
using OrleansFed.Privacy.Mechanisms;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.Tests.Support;

namespace OrleansFed.Privacy.Tests.FunctionalMechanism;

public sealed class OutputLayerObjectivesTests
{
    [Fact]
    public void Sigmoid_squared_error_coefficients_are_exact_on_two_tuples()
    {
        double[] h = [0.5, 0.25, 0.2, 0.1];
        double[] y = [1, 0];
        var objective = OutputLayerObjectives.SigmoidSquaredError(h, y, 1);

        // c = Σ(y − ½)², α_j = −½ Σ(y − ½)h_j, β_jj = Σh_j²/16, β_jl = 2Σh_j h_l/16.
        Assert.Equal(0.5, objective.Constant, 15);
        Assert.Equal(-0.075, objective.Linear[0], 15);
        Assert.Equal(-0.0375, objective.Linear[1], 15);
        Assert.Equal(0.29 / 16, objective.Quadratic[objective.QuadraticIndex(0, 0)], 15);
        Assert.Equal(0.29 / 16, objective.Quadratic[objective.QuadraticIndex(0, 1)], 15);
        Assert.Equal(0.0725 / 16, objective.Quadratic[objective.QuadraticIndex(1, 1)], 15);
    }

    [Fact]
    public void Sigmoid_squared_error_polynomial_matches_the_true_loss_near_zero_to_third_order()
    {
        double[] h = [0.5, -0.25, 0.2, 0.1, -0.3, 0.3];
        double[] y = [0.9, 0.1, 0.4];
        var objective = OutputLayerObjectives.SigmoidSquaredError(h, y, 1);
        double[] w = [0.04, -0.03];
        double exact = 0;
        for (int i = 0; i < 3; i++)
        {
            double z = h[2 * i] * w[0] + h[2 * i + 1] * w[1];
            double e = y[i] - 1 / (1 + Math.Exp(-z));
            exact += e * e;
        }

        Assert.True(Math.Abs(objective.Evaluate(w) - exact) < 1e-6, $"{objective.Evaluate(w)} vs {exact}");
    }

    [Fact]
    public void Multiclass_logistic_coefficients_are_exact_per_class()
    {
        double[] h = [0.5, 0.25, -0.2, 0.1];
        int[] labels = [1, 0];
        var objectives = OutputLayerObjectives.MulticlassLogistic(h, labels, 3, 1);

        Assert.Equal(3, objectives.Length);
        // Class 0: α = ½h₁ − ½h₂ = (0.25 + 0.1, 0.125 − 0.05); class 1: −½h₁ + ½h₂ = (−0.25 − 0.1, −0.125 + 0.05); class 2: ½(h₁ + h₂).
        Assert.Equal(0.35, objectives[0].Linear[0], 15);
        Assert.Equal(0.075, objectives[0].Linear[1], 15);
        Assert.Equal(-0.35, objectives[1].Linear[0], 15);
        Assert.Equal(-0.075, objectives[1].Linear[1], 15);
        Assert.Equal(0.15, objectives[2].Linear[0], 15);
        Assert.Equal(0.175, objectives[2].Linear[1], 15);
        foreach (var objective in objectives)
        {
            Assert.Equal(2 * Math.Log(2), objective.Constant, 15);
            Assert.Equal((0.25 + 0.04) / 8, objective.Quadratic[objective.QuadraticIndex(0, 0)], 15);
            Assert.Equal(2 * (0.125 - 0.02) / 8, objective.Quadratic[objective.QuadraticIndex(0, 1)], 15);
            Assert.Equal((0.0625 + 0.01) / 8, objective.Quadratic[objective.QuadraticIndex(1, 1)], 15);
        }
    }

    [Fact]
    public void Multiclass_logistic_polynomial_is_the_second_order_expansion_of_the_one_vs_all_loss()
    {
        double[] h = [0.4, -0.3, 0.1, 0.2];
        int[] labels = [2, 0];
        var objectives = OutputLayerObjectives.MulticlassLogistic(h, labels, 3, 1);
        double[][] w = [[0.05, -0.02], [0.01, 0.03], [-0.04, 0.02]];
        double approx = 0, exact = 0;
        for (int k = 0; k < 3; k++)
        {
            approx += objectives[k].Evaluate(w[k]);
            for (int i = 0; i < 2; i++)
            {
                double z = h[2 * i] * w[k][0] + h[2 * i + 1] * w[k][1];
                exact += labels[i] == k ? Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));
            }
        }

        Assert.True(Math.Abs(approx - exact) < 1e-7, $"{approx} vs {exact}");
    }

    [Theory]
    [InlineData(1.0, 1.125)]
    [InlineData(4.0, 4.5)]
    [InlineData(33.0, 2 * (0.25 + 33.0 / 4 + 33.0 * 33.0 / 16))]
    public void Lemma_3_sensitivity_is_exact(double bound, double expected) =>
        Assert.Equal(expected, OutputLayerObjectives.SigmoidSquaredErrorSensitivity(bound), 12);

    [Theory]
    [InlineData(10, 1.0, 12.5)]
    [InlineData(2, 2.0, 6.0)]
    [InlineData(10, 17.0, 10 * (17 + 17.0 * 17 / 4))]
    public void Lemma_4_sensitivity_is_exact(int classes, double bound, double expected) =>
        Assert.Equal(expected, OutputLayerObjectives.MulticlassLogisticSensitivity(classes, bound), 12);

    [Fact]
    public void Replacing_one_tuple_moves_the_coefficients_by_at_most_the_sensitivity()
    {
        var random = new Random(5);
        const int d = 4, n = 6, classes = 3;
        const double bound = 1.5;
        double classification = OutputLayerObjectives.MulticlassLogisticSensitivity(classes, bound);
        double regression = OutputLayerObjectives.SigmoidSquaredErrorSensitivity(bound);
        for (int trial = 0; trial < 200; trial++)
        {
            var (h, neighbour, labels, labels2) = FeatureRows.ReplaceOne(random, n, d, classes, bound);
            double[] y = [.. Enumerable.Range(0, n).Select(_ => random.NextDouble())];
            double[] y2 = (double[])y.Clone();
            y2[0] = random.NextDouble();

            double l1 = 0;
            var a = OutputLayerObjectives.MulticlassLogistic(h, labels, classes, bound);
            var b = OutputLayerObjectives.MulticlassLogistic(neighbour, labels2, classes, bound);
            for (int k = 0; k < classes; k++)
            {
                l1 += a[k].ToCoefficientVector().Zip(b[k].ToCoefficientVector(), (u, v) => Math.Abs(u - v)).Sum();
            }

            Assert.True(l1 <= classification + 1e-12, $"classification L1 {l1} > {classification}");
            double r = OutputLayerObjectives.SigmoidSquaredError(h, y, bound).ToCoefficientVector()
                .Zip(OutputLayerObjectives.SigmoidSquaredError(neighbour, y2, bound).ToCoefficientVector(), (u, v) => Math.Abs(u - v)).Sum();
            Assert.True(r <= regression + 1e-12, $"regression L1 {r} > {regression}");
        }
    }

    [Fact]
    public void Regression_curvature_bound_holds_for_boxed_features_and_is_attained_at_the_corner()
    {
        const int d = 9;
        const double s = 1.0 / d, b = d * s;
        double bound = OutputLayerObjectives.SigmoidSquaredErrorCurvature(b, s);
        Assert.Equal(s * b / 8, bound, 15);
        // Without a box tighter than the L1 ball the bound falls back to b²/8.
        Assert.Equal(0.125, OutputLayerObjectives.SigmoidSquaredErrorCurvature(1, 2), 15);

        var random = new Random(17);
        const int n = 200;
        var h = new double[n * d];
        var y = new double[n];
        for (int i = 0; i < h.Length; i++)
        {
            h[i] = (2 * random.NextDouble() - 1) * s;
        }

        double largest = LargestEigenvalueOfMeanHessian(OutputLayerObjectives.SigmoidSquaredError(h, y, b), n);
        Assert.InRange(largest, 0, bound);

        // Every row at the corner (s, …, s): the mean Hessian is h hᵀ/8 with ‖h‖₂² = d·s² = s·b.
        Array.Fill(h, s);
        Assert.Equal(bound, LargestEigenvalueOfMeanHessian(OutputLayerObjectives.SigmoidSquaredError(h, y, b), n), 9);
    }

    private static double LargestEigenvalueOfMeanHessian(PolynomialObjective objective, int n)
    {
        int d = objective.Dimension;
        var hessian = new double[d, d];
        for (int j = 0; j < d; j++)
        {
            for (int l = j; l < d; l++)
            {
                double beta = objective.Quadratic[objective.QuadraticIndex(j, l)] / n;
                hessian[j, l] = hessian[l, j] = j == l ? 2 * beta : beta;
            }
        }

        // Power iteration on a positive semi-definite matrix.
        var v = Enumerable.Repeat(1.0, d).ToArray();
        double eigenvalue = 0;
        for (int iteration = 0; iteration < 2000; iteration++)
        {
            var next = new double[d];
            for (int j = 0; j < d; j++)
            {
                for (int l = 0; l < d; l++)
                {
                    next[j] += hessian[j, l] * v[l];
                }
            }

            eigenvalue = Math.Sqrt(next.Sum(x => x * x));
            v = next.Select(x => x / eigenvalue).ToArray();
        }

        return eigenvalue;
    }

    [Fact]
    public void A_feature_row_above_the_bound_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => OutputLayerObjectives.SigmoidSquaredError([0.6, -0.5], [0.5], 1));
        Assert.Throws<ArgumentException>(() => OutputLayerObjectives.MulticlassLogistic([0.6, 0.5], [0], 2, 1));
        Assert.Throws<ArgumentException>(() => OutputLayerObjectives.MulticlassLogistic([0.1, 0.1], [2], 2, 1));
        Assert.Throws<ArgumentException>(() => OutputLayerObjectives.SigmoidSquaredError([0.1, 0.1], [1.5], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => OutputLayerObjectives.MulticlassLogisticSensitivity(10, 0));
    }

    [Fact]
    public void Perturbation_adds_noise_of_scale_sensitivity_over_epsilon_to_every_coefficient()
    {
        double[] h = [0.5, 0.25, -0.2, 0.1];
        var exact = OutputLayerObjectives.MulticlassLogistic(h, [1, 0], 2, 1);
        const double epsilon = 2, sensitivity = 3;
        var differences = new List<double>();
        for (int s = 0; s < 150; s++)
        {
            var noisy = OutputLayerObjectives.Perturb(exact, epsilon, sensitivity, new AesCtrRandomSource(Statistics.Seed(900 + s)));
            for (int k = 0; k < 2; k++)
            {
                var a = exact[k].ToCoefficientVector();
                var b = noisy[k].ToCoefficientVector();
                differences.AddRange(a.Zip(b, (u, v) => v - u));
            }
        }

        // Laplace(Δ/ε): mean |noise| = Δ/ε = 1.5 (the grid rounding is 2^-20 relative).
        double meanAbs = differences.Average(Math.Abs);
        Assert.InRange(meanAbs, 1.5 * 0.9, 1.5 * 1.1);
        Assert.InRange(differences.Average(), -0.15, 0.15);
    }
}
