using OrleansFed.Privacy.FunctionalMechanism;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.Tests.Support;

namespace OrleansFed.Privacy.Tests.FunctionalMechanism;

public sealed class FunctionalMechanismTests
{
    private static (double[] X, double[] Y) Data(int n, int d, int seed, Func<double[], double> label)
    {
        var rng = new Random(seed);
        var x = new double[n * d];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            var row = new double[d];
            for (int j = 0; j < d; j++)
            {
                row[j] = rng.NextDouble() * 2 - 1;
            }

            row.CopyTo(x, i * d);
            y[i] = label(row);
        }

        return (x, y);
    }

    [Fact]
    public void Linear_regression_objective_equals_the_sum_of_squared_errors_everywhere()
    {
        var (x, y) = Data(50, 3, 1, r => Math.Clamp(0.3 * r[0] - 0.2 * r[1] + 0.1, -1, 1));
        var objective = RegressionObjectives.LinearRegression(x, y);
        double[] w = [0.7, -1.2, 0.4];
        double direct = 0;
        for (int i = 0; i < 50; i++)
        {
            double prediction = x[i * 3] * w[0] + x[i * 3 + 1] * w[1] + x[i * 3 + 2] * w[2];
            direct += (y[i] - prediction) * (y[i] - prediction);
        }

        Assert.Equal(direct, objective.Evaluate(w), 10);
        Assert.Equal(1 + 3 + 6, objective.MonomialCount);
    }

    [Fact]
    public void Logistic_objective_is_the_second_order_taylor_expansion()
    {
        var (x, y) = Data(40, 2, 2, r => r[0] + r[1] > 0 ? 1 : 0);
        var objective = RegressionObjectives.LogisticRegression(x, y);
        double[] w = [0.3, -0.5];
        double direct = 0;
        for (int i = 0; i < 40; i++)
        {
            double t = x[i * 2] * w[0] + x[i * 2 + 1] * w[1];
            direct += Math.Log(2) + (0.5 - y[i]) * t + t * t / 8;
        }

        Assert.Equal(direct, objective.Evaluate(w), 10);
    }

    [Fact]
    public void Minimising_the_exact_objective_recovers_least_squares()
    {
        var (x, y) = Data(400, 2, 3, r => 0.5 * r[0] - 0.25 * r[1]);
        var w = new double[2];
        double lambda = RegressionObjectives.LinearRegression(x, y).Minimize(0, w);
        Assert.Equal(0, lambda);
        Assert.Equal(0.5, w[0], 10);
        Assert.Equal(-0.25, w[1], 10);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void One_tuple_moves_the_coefficients_by_at_most_the_stated_sensitivity(int d)
    {
        // The extreme tuples x = ±1, y = ±1 realise the largest coefficient change; swapping one for its opposite
        // must stay within Δ.
        var ones = Enumerable.Repeat(1.0, d).ToArray();
        var minusOnes = Enumerable.Repeat(-1.0, d).ToArray();
        var a = RegressionObjectives.LinearRegression(ones, [-1.0]).ToCoefficientVector();
        var b = RegressionObjectives.LinearRegression(minusOnes, [-1.0]).ToCoefficientVector();
        var zero = RegressionObjectives.LinearRegression(new double[d], [0.0]).ToCoefficientVector();
        double change = a.Zip(b, (p, q) => Math.Abs(p - q)).Sum();
        Assert.True(change <= RegressionObjectives.LinearRegressionSensitivity(d));
        Assert.Equal(RegressionObjectives.LinearRegressionSensitivity(d) / 2, a.Zip(zero, (p, q) => Math.Abs(p - q)).Sum(), 10);

        var la = RegressionObjectives.LogisticRegression(ones, [1.0]).ToCoefficientVector();
        var lb = RegressionObjectives.LogisticRegression(minusOnes, [0.0]).ToCoefficientVector();
        Assert.True(la.Zip(lb, (p, q) => Math.Abs(p - q)).Sum() <= RegressionObjectives.LogisticRegressionSensitivity(d));
    }

    [Fact]
    public void Perturbation_adds_laplace_noise_of_scale_sensitivity_over_epsilon_to_every_coefficient()
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(17));
        var (x, y) = Data(100, 30, 4, r => Math.Clamp(r[0], -1, 1));
        var objective = RegressionObjectives.LinearRegression(x, y);
        double sensitivity = RegressionObjectives.LinearRegressionSensitivity(30);
        double b = sensitivity / 2.0;
        var exact = objective.ToCoefficientVector();
        var noise = new List<double>();
        for (int repeat = 0; repeat < 21; repeat++)
        {
            var noisy = ObjectivePerturbation.Perturb(objective, 2.0, sensitivity, random).ToCoefficientVector();
            noise.AddRange(noisy.Zip(exact, (p, q) => (p - q) / b));
        }

        Assert.True(noise.Count >= 10_000);
        Statistics.AssertKolmogorovSmirnovFits([.. noise], z => z < 0 ? 0.5 * Math.Exp(z) : 1 - 0.5 * Math.Exp(-z));
    }

    [Fact]
    public void A_noisy_non_convex_objective_is_regularised_until_it_has_a_minimum()
    {
        var objective = new PolynomialObjective(0, [1.0, -1.0], [-2.0, 0.0, 1.0]); // β_00 < 0: not convex
        var w = new double[2];
        double lambda = objective.Minimize(0, w);
        Assert.True(lambda > 4.0);
        Assert.All(w, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Out_of_range_features_or_labels_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionObjectives.LinearRegression([1.5, 0.0], [0.5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionObjectives.LinearRegression([0.5, 0.0], [2.0]));
        Assert.Throws<ArgumentException>(() => RegressionObjectives.LogisticRegression([0.5, 0.0], [0.5]));
        Assert.Throws<ArgumentException>(() => RegressionObjectives.LinearRegression([0.5, 0.0, 0.1], [0.5, 0.1]));
    }
}
