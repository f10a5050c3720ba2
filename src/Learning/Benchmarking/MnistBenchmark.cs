using System.Diagnostics;
using OrleansFed.Learning.DpSgd;

namespace OrleansFed.Learning.Benchmarking;

/// <summary>
/// The `orleansfed bench train` workload: trains the anchor recipe (shared/bench/pytorch_anchor.py) on full MNIST
/// and reports training throughput and test accuracy. Timing covers the training loop only (shuffling, batch
/// gathering, forward, backward and update), as the anchor's does.
/// </summary>
public static class MnistBenchmark
{
    /// <summary>Runs the benchmark.</summary>
    /// <param name="options">Model, data, threads and recipe overrides.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The measured figures.</returns>
    public static TrainBenchmarkResult Run(TrainBenchmarkOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ModelSpec spec = ModelSpec.Parse(options.Model);
        (Dataset train, Dataset test) = Mnist.Load(options.DataDirectory);
        int epochs = options.Epochs ?? TrainBenchmarkOptions.RecipeEpochs(options.Model);
        float lr = options.LearningRate ?? TrainBenchmarkOptions.RecipeLearningRate(options.Model);
        Model model = Model.Create(spec, options.Seed);

        var watch = Stopwatch.StartNew();
        long samples, steps;
        DpSgdAccounting? accounting = null;
        if (options.DifferentiallyPrivate)
        {
            var dp = new DpSgdOptions(epochs, options.BatchSize, lr, options.ClipNorm, options.NoiseMultiplier, options.Seed) { Threads = options.Threads };
            DpSgdResult result = DpSgdTrainer.Train(model, train, dp, ct);
            samples = result.Samples;
            steps = result.Accounting.Steps;
            accounting = result.Accounting;
        }
        else
        {
            TrainingResult result = LocalTrainer.Train(model, train, new TrainingOptions(epochs, options.BatchSize, lr, options.Seed) { Threads = options.Threads }, ct);
            samples = result.Samples;
            steps = result.Steps;
        }

        double seconds = watch.Elapsed.TotalSeconds;
        Evaluation evaluation = LocalTrainer.Evaluate(model, test, options.Threads);
        return new TrainBenchmarkResult
        {
            Model = spec.Name,
            Threads = options.Threads,
            SamplesPerSecond = samples / seconds,
            Seconds = seconds,
            TestAccuracy = evaluation.Accuracy,
            Epochs = epochs,
            BatchSize = options.BatchSize,
            LearningRate = lr,
            Steps = steps,
            Dp = accounting,
        };
    }
}
