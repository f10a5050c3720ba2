using OrleansFed.Learning.Autograd;
using OrleansFed.Learning.DpSgd;
using Xunit;

namespace OrleansFed.Learning.Tests;

public sealed class DpSgdTests
{
    private static readonly ModelSpec SmallCnn = new("dp-cnn", [1, 8, 8],
    [
        LayerSpec.Conv2d(1, 3, 3, padding: 1), LayerSpec.Relu(), LayerSpec.MaxPool2d(2), LayerSpec.Conv2d(3, 4, 3), LayerSpec.Relu(),
        LayerSpec.Flatten(), LayerSpec.Linear(16, 6), LayerSpec.Tanh(), LayerSpec.Linear(6, 3),
    ]);

    private static (float[] X, int[] Y) Batch(int count, int features, int classes, int seed)
    {
        double[] x = GradientCheck.Random(count * features, seed, -1, 1);
        var r = new Random(seed);
        return (x.Select(v => (float)v).ToArray(), Enumerable.Range(0, count).Select(_ => r.Next(classes)).ToArray());
    }

    /// <summary>Each example's gradient, computed by running that example alone.</summary>
    private static float[][] OneByOne(Model model, float[] x, int[] y)
    {
        int features = model.Spec.InputSize;
        var grads = new float[y.Length][];
        for (int i = 0; i < y.Length; i++)
        {
            var tape = new Tape();
            foreach (Tensor p in model.Parameters)
            {
                p.ClearGradient();
            }

            tape.Backward(Losses.SoftmaxCrossEntropy(tape, model.Forward(tape, x.AsSpan(i * features, features), 1), y.AsSpan(i, 1), Reduction.Sum));
            grads[i] = model.Parameters.SelectMany(p => p.Gradient.ToArray()).ToArray();
        }

        return grads;
    }

    private static float[] DpGradient(Model model, DpSgdGradient dp, float[] x, int[] y, int threads = 1)
    {
        var tape = new Tape(threads);
        Tensor loss = Losses.SoftmaxCrossEntropy(tape, model.Forward(tape, x, y.Length), y, Reduction.Sum);
        dp.Compute(tape, loss, y.Length, model.Parameters, denominator: 1);
        return model.Parameters.SelectMany(p => p.Gradient.ToArray()).ToArray();
    }

    private static double Norm(float[] v) => Math.Sqrt(v.Sum(e => (double)e * e));

    // Convolutions whose weight gradient is read straight from the image (1→16 row form, 16→16 panel form).
    private static readonly ModelSpec WideCnn = new("dp-wide-cnn", [1, 8, 8],
    [
        LayerSpec.Conv2d(1, 16, 3), LayerSpec.Relu(), LayerSpec.Conv2d(16, 16, 3, padding: 1), LayerSpec.Relu(), LayerSpec.MaxPool2d(2),
        LayerSpec.Flatten(), LayerSpec.Linear(144, 3),
    ]);

    public static TheoryData<string, int> Models => new() { { "mlp", 1 }, { "cnn", 1 }, { "cnn", 2 }, { "wide", 1 }, { "wide", 2 } };

    private static Model Build(string name) => name switch
    {
        "mlp" => Model.Create(ModelSpec.Mlp(10, 7, 3), seed: 2),
        "wide" => Model.Create(WideCnn, seed: 2),
        _ => Model.Create(SmallCnn, seed: 2),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Per_example_norms_and_unclipped_sum_equal_running_the_examples_one_by_one(string name, int threads)
    {
        Model model = Build(name);
        (float[] x, int[] y) = Batch(7, model.Spec.InputSize, 3, seed: 5);
        float[][] single = OneByOne(model, x, y);
        var dp = new DpSgdGradient(clipNorm: 1e6f, noiseMultiplier: 0);
        float[] summed = DpGradient(model, dp, x, y, threads);

        for (int i = 0; i < y.Length; i++)
        {
            Assert.Equal(Norm(single[i]), dp.LastNorms[i], 1e-4 * Norm(single[i]));
        }

        for (int j = 0; j < summed.Length; j++)
        {
            double expected = single.Sum(g => (double)g[j]);
            Assert.True(Math.Abs(summed[j] - expected) <= 1e-5 + (1e-4 * Math.Abs(expected)), $"coordinate {j}: {summed[j]} vs {expected}");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Clipping_scales_each_example_to_at_most_C_and_sums_exactly(string name, int threads)
    {
        Model model = Build(name);
        (float[] x, int[] y) = Batch(9, model.Spec.InputSize, 3, seed: 6);
        float[][] single = OneByOne(model, x, y);
        double[] norms = single.Select(Norm).ToArray();
        float clip = (float)(norms.Min() + norms.Max()) / 2;
        var dp = new DpSgdGradient(clip, noiseMultiplier: 0);
        float[] summed = DpGradient(model, dp, x, y, threads);

        int clipped = 0;
        for (int i = 0; i < y.Length; i++)
        {
            float[] clippedExample = single[i].Select(v => v * dp.LastScales[i]).ToArray();
            Assert.True(Norm(clippedExample) <= clip * (1 + 1e-5), $"example {i} clipped norm {Norm(clippedExample)} > C = {clip}");
            Assert.Equal(Math.Min(1, clip / norms[i]), dp.LastScales[i], 1e-4);
            clipped += norms[i] > clip ? 1 : 0;
        }

        Assert.InRange(clipped, 1, y.Length - 1);
        for (int j = 0; j < summed.Length; j++)
        {
            double expected = single.Select((g, i) => g[j] * Math.Min(1, clip / norms[i])).Sum();
            Assert.True(Math.Abs(summed[j] - expected) <= 1e-5 + (1e-4 * Math.Abs(expected)), $"coordinate {j}: {summed[j]} vs {expected}");
        }
    }

    [Fact]
    public void Secure_gaussian_noise_has_standard_deviation_sigma_C_within_two_percent_over_100k_draws()
    {
        const double sigma = 1.1, clip = 0.7;
        var parameter = new Tensor(100_000) { RequiresGrad = true };
        new DpSgdGradient((float)clip, sigma).NoiseOnly([parameter], denominator: 1);
        double[] draws = parameter.Gradient.ToArray().Select(v => (double)v).ToArray();
        double mean = draws.Average();
        double std = Math.Sqrt(draws.Sum(v => (v - mean) * (v - mean)) / (draws.Length - 1));
        double kurtosis = draws.Sum(v => Math.Pow(v - mean, 4)) / draws.Length / Math.Pow(std, 4);
        Assert.InRange(std, 0.98 * sigma * clip, 1.02 * sigma * clip);
        Assert.InRange(mean, -5 * sigma * clip / Math.Sqrt(draws.Length), 5 * sigma * clip / Math.Sqrt(draws.Length));
        Assert.InRange(kurtosis, 2.9, 3.1); // a Gaussian's; a uniform would give 1.8
    }

    [Fact]
    public void Standard_normal_sampler_matches_the_normal_cdf()
    {
        double[] z = new double[100_000];
        SecureGaussian.FillStandardNormal(z);
        Assert.InRange(z.Count(v => v < -1.96) / (double)z.Length, 0.0225, 0.0275);
        Assert.InRange(z.Count(v => v < 0) / (double)z.Length, 0.495, 0.505);
        Assert.InRange(z.Count(v => v < 1) / (double)z.Length, 0.8363, 0.8463);
        Assert.All(z, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Noise_is_added_with_the_configured_scale_and_divided_by_the_denominator()
    {
        var recorder = new RecordingNoise();
        var parameter = new Tensor(4) { RequiresGrad = true };
        new DpSgdGradient(2f, 1.5, recorder).NoiseOnly([parameter], denominator: 4);
        Assert.Equal(3.0, recorder.StandardDeviation);
        Assert.Equal([0.25f, 0.25f, 0.25f, 0.25f], parameter.Gradient.ToArray());
    }

    [Fact]
    public void A_parameter_used_by_an_operation_without_per_example_support_is_refused()
    {
        var w = new Tensor([1f, 2f, 3f, 4f], 2, 2) { RequiresGrad = true };
        var tape = new Tape();
        Tensor loss = Ops.Sum(tape, Ops.MatMul(tape, new Tensor([1f, 1f, 1f, 1f], 2, 2), w));
        Assert.Throws<NotSupportedException>(() => new DpSgdGradient(1f, 1).Compute(tape, loss, 2, [w], 2));
    }

    [Fact]
    public void Dp_sgd_trains_separable_data_and_reports_its_accounting()
    {
        (Dataset train, Dataset test) = SyntheticData.Create(2000, 500, 20, 4, seed: 3);
        Model model = Model.Create(ModelSpec.Mlp(20, 16, 4), seed: 1);
        DpSgdResult result = DpSgdTrainer.Train(model, train, new DpSgdOptions(4, 100, 0.5f, 1f, 1.0, Seed: 1));
        Assert.Equal(0.05, result.Accounting.SamplingRate, 1e-12);
        Assert.Equal(80, result.Accounting.Steps);
        Assert.Equal(1.0, result.Accounting.NoiseMultiplier);
        Assert.Equal("poisson", result.Accounting.Sampling);
        Assert.InRange(result.Samples, 7000, 9000); // 80 Poisson batches of expected size 100
        Assert.True(LocalTrainer.Evaluate(model, test).Accuracy > 0.9);
        // The plan of the same run, made before it (what a participant's budget check projects), is its accounting.
        Assert.Equal(result.Accounting, DpSgdTrainer.Plan(new DpSgdOptions(4, 100, 0.5f, 1f, 1.0, Seed: 1), train.Count));
    }

    [Fact]
    public void Invalid_dp_settings_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DpSgdGradient(0f, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DpSgdGradient(1f, -1));
        Dataset data = SyntheticData.Create(50, 0, 4, 2, 1).Train;
        Model model = Model.Create(ModelSpec.LogisticRegression(4, 2), 1);
        Assert.Throws<ArgumentException>(() => DpSgdTrainer.Train(model, data, new DpSgdOptions(1, 51, 0.1f, 1f, 1, 0)));
        Assert.Throws<ArgumentException>(() => DpSgdTrainer.Train(model, data, new DpSgdOptions(1, 10, 0.1f, float.NaN, 1, 0)));
        Assert.Throws<ArgumentException>(() => DpSgdTrainer.Plan(new DpSgdOptions(1, 51, 0.1f, 1f, 1, 0), 50));
        Assert.Throws<ArgumentException>(() => DpSgdTrainer.Plan(new DpSgdOptions(1, 10, 0.1f, 1f, 1, 0), 0));
    }

    private sealed class RecordingNoise : INoiseSource
    {
        public double StandardDeviation { get; private set; }

        public void AddGaussian(Span<float> values, double standardDeviation)
        {
            StandardDeviation = standardDeviation;
            values.Fill(1f);
        }

        public void FillUniform(Span<double> destination) => destination.Fill(0.5);
    }
}
