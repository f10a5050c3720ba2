using OrleansFed.Client.SecProbe;
using OrleansFed.Learning.SecProbe;
using OrleansFed.Privacy.FunctionalMechanism;
using Xunit;

namespace OrleansFed.Client.Tests.SecProbe;

public sealed class FunctionalMechanismRegressionTests
{
    // The simulation's regression network: 8 inputs, 32 bounded hidden units, features scaled by 1/D so ‖h‖₁ ≤ 1.
    private static readonly SecProbeNetwork Network = new(8, 32, 1, 1.0 / 33);

    [Fact]
    public void Noiseless_centralized_training_on_the_synthetic_regression_data_beats_the_best_constant_predictor()
    {
        var train = RegressionData.Synthetic(6000, 8, seed: 0);
        var test = RegressionData.Synthetic(2000, 8, seed: 1_000_003);
        var trainer = new FunctionalMechanismTrainer(Network, new FunctionalMechanismOptions { Epsilon = 1, Noiseless = true });
        var weights = Network.Initialize(0);
        for (int round = 0; round < 30; round++)
        {
            weights = trainer.TrainRegressor(weights, train);
        }

        double model = RegressionMetrics.MeanRelativeError(Network, weights, test);
        double constant = BestConstantMeanRelativeError(test.Targets);
        // Under the old ridge floor 0.01·b² and step ρ/(λ + b²/4) the model stayed at σ(z) ≈ ½: MRE 0.333 against 0.302.
        Assert.True(model < 0.8 * constant, $"MRE {model:F4}, best constant predictor {constant:F4}");
    }

    [Fact]
    public void Regression_ridge_and_curvature_come_from_public_bounds_and_leave_classification_as_it_was()
    {
        double b = Network.FeatureL1Bound, s = Network.FeatureScale;
        var noiseless = new FunctionalMechanismTrainer(Network, new FunctionalMechanismOptions { Epsilon = 1, Noiseless = true });
        Assert.Equal(s * b / 8, noiseless.RegressionCurvature, 15);
        Assert.Equal(1e-3 * s * b / 8, noiseless.RegressionRidgeFor(1.125, 200), 15);
        Assert.Equal(0.01 * b * b, noiseless.RidgeFor(12.5, 983), 15);

        // With noise the ridge is 4·(Δ/(ε₂·n))·√D for both tasks, the floor only when that is smaller.
        var noisy = new FunctionalMechanismTrainer(Network, new FunctionalMechanismOptions { Epsilon = 1 });
        Assert.Equal(4 * 1.125 / 200 * Math.Sqrt(33), noisy.RegressionRidgeFor(1.125, 200), 15);
        Assert.Equal(1e-3 * s * b / 8, noisy.RegressionRidgeFor(1.125, 1_000_000_000), 15);
        Assert.Equal(4 * 12.5 / 983 * Math.Sqrt(33), noisy.RidgeFor(12.5, 983), 15);
        Assert.Equal(0.01 * b * b, noisy.RidgeFor(12.5, 100_000), 15);

        var fixedRidge = new FunctionalMechanismTrainer(Network, new FunctionalMechanismOptions { Epsilon = 1, Ridge = 0.5 });
        Assert.Equal(0.5, fixedRidge.RegressionRidgeFor(1.125, 200));
        Assert.Equal(0.5, fixedRidge.RidgeFor(12.5, 983));
        Assert.Equal(1, FunctionalMechanismOptions.DefaultRegressionLearningRate);
        Assert.Equal(0.05, FunctionalMechanismOptions.DefaultLearningRate);
    }

    [Fact]
    public void Noisy_regression_uploads_stay_finite_with_the_default_step()
    {
        var data = RegressionData.Synthetic(200, 8, seed: 4);
        var trainer = new FunctionalMechanismTrainer(Network, new FunctionalMechanismOptions { Epsilon = 0.1 });
        var weights = Network.Initialize(0);
        for (int round = 0; round < 30; round++)
        {
            weights = trainer.TrainRegressor(weights, data);
            Assert.All(weights, w => Assert.True(float.IsFinite(w) && Math.Abs(w) < 1e4, $"weight {w}"));
        }
    }

    /// <summary>min_c (1/n) Σ |c − y_i|/y_i: the weighted median of the targets, weights 1/y_i.</summary>
    private static double BestConstantMeanRelativeError(ReadOnlySpan<float> targets)
    {
        var sorted = targets.ToArray();
        Array.Sort(sorted);
        double half = sorted.Sum(y => 1.0 / y) / 2, cumulative = 0;
        double median = sorted[^1];
        foreach (float y in sorted)
        {
            cumulative += 1.0 / y;
            if (cumulative >= half)
            {
                median = y;
                break;
            }
        }

        double total = 0;
        foreach (float y in sorted)
        {
            total += Math.Abs(median - y) / y;
        }

        return total / sorted.Length;
    }
}
