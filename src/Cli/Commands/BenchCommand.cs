using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansFed.Learning;
using OrleansFed.Learning.Benchmarking;
using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Cli.Commands;

/// <summary>
/// The <c>orleansfed bench</c> command. <c>bench train</c> runs the training benchmark of issue 3 (the recipe of
/// shared/bench/pytorch_anchor.py on full MNIST) and prints its JSON; the workload itself lives in
/// <see cref="MnistBenchmark"/>.
/// </summary>
internal static class BenchCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks (never run in CI).");
        bench.Subcommands.Add(Train());
        bench.Subcommands.Add(SecAggRoundBench.Create());
        return bench;
    }

    private static Command Train()
    {
        var model = new Option<string>("--model") { Description = "mlp, cnn or logreg", DefaultValueFactory = _ => "mlp", HelpName = "MODEL" };
        model.AcceptOnlyFromAmong("mlp", "cnn", "logreg");
        var data = new Option<string>("--data") { Description = "MNIST IDX directory", DefaultValueFactory = _ => "data/mnist", HelpName = "DIR" };
        var threads = new Option<int>("--threads") { Description = "Kernel threads", DefaultValueFactory = _ => 1, HelpName = "N" };
        var json = new Option<string?>("--json") { Description = "Also write the JSON result to this file", HelpName = "FILE" };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs (default: the recipe's, 3 for mlp, 1 for cnn)", HelpName = "N" };
        var lr = new Option<float?>("--learning-rate") { Description = "Learning rate (default: 0.1 mlp, 0.05 cnn)", HelpName = "LR" };
        var batch = new Option<int>("--batch-size") { Description = "Batch size (expected batch size with --dp)", DefaultValueFactory = _ => 64, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Initialisation and shuffling seed", DefaultValueFactory = _ => 0, HelpName = "S" };
        var dp = new Option<bool>("--dp") { Description = "Train with DP-SGD (Poisson sampling, per-example clipping, secure Gaussian noise)" };
        var sigma = new Option<double>("--noise-multiplier") { Description = "DP-SGD noise multiplier σ", DefaultValueFactory = _ => 1.1, HelpName = "SIGMA" };
        var clip = new Option<float>("--clip") { Description = "DP-SGD per-example clipping norm C", DefaultValueFactory = _ => 1f, HelpName = "C" };
        var delta = new Option<double>("--delta") { Description = "δ at which ε is reported for --dp", DefaultValueFactory = _ => 1e-5, HelpName = "DELTA" };
        var command = new Command("train", "Train the PyTorch-anchor recipe on MNIST and print {model, threads, samples_per_second, seconds, test_accuracy}.")
        {
            model, data, threads, json, epochs, lr, batch, seed, dp, sigma, clip, delta,
        };
        command.SetAction((parse, ct) =>
        {
            int threadCount = parse.GetValue(threads);
            if (threadCount < 1 || parse.GetValue(batch) < 1)
            {
                Console.Error.WriteLine("error: --threads and --batch-size must be at least 1.");
                return Task.FromResult(2);
            }

            string directory = parse.GetValue(data)!;
            if (!Mnist.Exists(directory))
            {
                Console.Error.WriteLine($"error: '{directory}' does not hold the four MNIST IDX files (scripts/fetch-mnist.sh fetches them).");
                return Task.FromResult(2);
            }

            var options = new TrainBenchmarkOptions
            {
                Model = parse.GetValue(model)!,
                DataDirectory = directory,
                Threads = threadCount,
                Epochs = parse.GetValue(epochs),
                LearningRate = parse.GetValue(lr),
                BatchSize = parse.GetValue(batch),
                Seed = parse.GetValue(seed),
                DifferentiallyPrivate = parse.GetValue(dp),
                NoiseMultiplier = parse.GetValue(sigma),
                ClipNorm = parse.GetValue(clip),
            };
            TrainBenchmarkResult result = MnistBenchmark.Run(options, ct);
            JsonObject output = JsonSerializer.SerializeToNode(result)!.AsObject();
            if (result.Dp is { } accounting && output["dp"] is JsonObject dpNode)
            {
                // ε from src/Privacy's RDP accountant for Poisson-subsampled Gaussian steps.
                var ledger = PrivacyLedger.Empty.Append(new SubsampledGaussianEvent(accounting.SamplingRate, accounting.NoiseMultiplier, accounting.Steps));
                PrivacyGuarantee guarantee = new RdpAccountant().GetGuarantee(ledger, parse.GetValue(delta));
                dpNode["epsilon"] = guarantee.Epsilon;
                dpNode["delta"] = guarantee.Delta;
                dpNode["rdp_order"] = guarantee.Order;
            }

            string text = output.ToJsonString(Indented);
            Console.WriteLine(text);
            if (parse.GetValue(json) is { Length: > 0 } path)
            {
                File.WriteAllText(path, text + Environment.NewLine);
            }

            return Task.FromResult(0);
        });
        return command;
    }
}
