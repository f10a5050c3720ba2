using OrleansFed.Client.SecProbe;
using OrleansFed.Learning;
using OrleansFed.Learning.SecProbe;
using OrleansFed.Privacy.FunctionalMechanism;
using Xunit;

namespace OrleansFed.Client.Tests.SecProbe;

public sealed class SecProbeParticipantTests
{
    private static Dataset Data(int n)
    {
        var random = new Random(3);
        var features = new float[n * 4];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % 3;
            for (int j = 0; j < 4; j++)
            {
                features[i * 4 + j] = j == labels[i] ? 0.9f : (float)(random.NextDouble() * 0.1);
            }
        }

        return new Dataset(features, labels, 4, 3);
    }

    [Fact]
    public void Unreliable_data_replaces_exactly_floor_P_n_inputs_with_uniform_noise_and_keeps_labels()
    {
        var clean = Data(50);
        var (noisy, corrupted) = UnreliableData.Corrupt(clean, 0.6, seed: 9);

        Assert.Equal(30, corrupted.Length);
        Assert.Equal(corrupted.Distinct().Count(), corrupted.Length);
        Assert.Equal(clean.Labels.ToArray(), noisy.Labels.ToArray());
        for (int i = 0; i < clean.Count; i++)
        {
            bool same = clean.Features(i).SequenceEqual(noisy.Features(i));
            Assert.Equal(Array.IndexOf(corrupted, i) < 0, same);
            foreach (float v in noisy.Features(i))
            {
                Assert.InRange(v, 0f, 1f);
            }
        }

        Assert.Equal(corrupted, UnreliableData.Corrupt(clean, 0.6, seed: 9).Corrupted);
        Assert.Empty(UnreliableData.Corrupt(clean, 0, seed: 9).Corrupted);
        Assert.Equal(50, UnreliableData.Corrupt(clean, 1, seed: 9).Corrupted.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => UnreliableData.Corrupt(clean, 1.2, seed: 9));
    }

    [Fact]
    public void Unreliable_regression_rows_keep_their_targets()
    {
        var clean = RegressionData.Synthetic(40, 3, seed: 2);
        var (noisy, corrupted) = UnreliableData.Corrupt(clean, 0.25, seed: 4);
        Assert.Equal(10, corrupted.Length);
        Assert.Equal(clean.Targets.ToArray(), noisy.Targets.ToArray());
        Assert.Equal(30, Enumerable.Range(0, 40).Count(i => clean.Row(i).SequenceEqual(noisy.Row(i))));
    }

    [Fact]
    public void Malicious_uploads_are_seeded_uniform_weights_in_zero_one()
    {
        var a = MaliciousUpload.RandomWeights(10_000, 5);
        Assert.All(a, w => Assert.InRange(w, 0f, 1f));
        Assert.InRange(a.Average(), 0.48, 0.52);
        Assert.Equal(a, MaliciousUpload.RandomWeights(10_000, 5));
        Assert.NotEqual(a, MaliciousUpload.RandomWeights(10_000, 6));
    }

    [Fact]
    public void Gradient_of_the_polynomial_matches_finite_differences()
    {
        var objective = new PolynomialObjective(0.3, [0.5, -1, 2], [1, 0.5, -0.25, 2, 0.75, 0.1]);
        double[] w = [0.2, -0.4, 0.7];
        var gradient = new double[3];
        FunctionalMechanismTrainer.Gradient(objective, w, gradient);
        for (int j = 0; j < 3; j++)
        {
            var plus = (double[])w.Clone();
            var minus = (double[])w.Clone();
            plus[j] += 1e-6;
            minus[j] -= 1e-6;
            double numeric = (objective.Evaluate(plus) - objective.Evaluate(minus)) / 2e-6;
            Assert.Equal(numeric, gradient[j], 6);
        }
    }

    [Fact]
    public void Trainer_changes_only_the_output_layer_and_noiseless_training_learns_separable_classes()
    {
        var network = new SecProbeNetwork(4, 6, 3, 1.0 / 7);
        var global = network.Initialize(1);
        var data = Data(90);
        var trainer = new FunctionalMechanismTrainer(network, new FunctionalMechanismOptions { Epsilon = 1, Noiseless = true, Iterations = 200, LearningRate = 0.5, Ridge = 1e-4 });
        var weights = global;
        for (int r = 0; r < 5; r++)
        {
            weights = trainer.TrainClassifier(weights, data);
        }

        Assert.Equal(global.AsSpan(0, network.OutputOffset).ToArray(), weights.AsSpan(0, network.OutputOffset).ToArray());
        Assert.True(network.Accuracy(weights, data) >= 0.9, $"accuracy {network.Accuracy(weights, data)}");
    }

    [Fact]
    public void Noisy_uploads_differ_run_to_run_and_stay_finite()
    {
        var network = new SecProbeNetwork(4, 6, 3, 1.0 / 7);
        var global = network.Initialize(1);
        var trainer = new FunctionalMechanismTrainer(network, new FunctionalMechanismOptions { Epsilon = 1 });
        var a = trainer.TrainClassifier(global, Data(30));
        var b = trainer.TrainClassifier(global, Data(30));
        Assert.NotEqual(a, b);
        Assert.All(a, w => Assert.True(float.IsFinite(w)));
        // Automatic ridge: 4·(Δ/(ε₂·n))·√d with Δ = C(b + b²/4) = 3.75, n = 30, d = 7.
        Assert.Equal(4 * 3.75 / 30 * Math.Sqrt(7), trainer.RidgeFor(3.75, 30), 12);
    }

    [Fact]
    public void Class_sums_release_trains_the_same_objective_with_a_smaller_sensitivity()
    {
        var network = new SecProbeNetwork(4, 6, 3, 1.0 / 7);
        var global = network.Initialize(1);
        var data = Data(60);
        var perClass = new FunctionalMechanismOptions { Epsilon = 1, Noiseless = true, Iterations = 50, LearningRate = 0.5 };
        var classSums = perClass with { Release = FunctionalMechanismRelease.ClassSums };
        var a = new FunctionalMechanismTrainer(network, perClass).TrainClassifier(global, data);
        var b = new FunctionalMechanismTrainer(network, classSums).TrainClassifier(global, data);
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i], b[i], 5);
        }

        // b = 1 (features scaled by 1/7 over 7 features), C = 3: Lemma 4 gives C(b + b²/4) = 3.75, the class sums 2b + b²/4.
        Assert.Equal(3.75, new FunctionalMechanismTrainer(network, perClass).ClassificationSensitivity(3), 12);
        Assert.Equal(2.25, new FunctionalMechanismTrainer(network, classSums).ClassificationSensitivity(3), 12);
        var noisy = new FunctionalMechanismTrainer(network, classSums with { Noiseless = false });
        Assert.Equal(4 * 2.25 / 60 * Math.Sqrt(7), noisy.RidgeFor(2.25, 60), 12);
        Assert.All(noisy.TrainClassifier(global, data), w => Assert.True(float.IsFinite(w)));
    }
}
