using System.CommandLine;
using System.Globalization;

namespace OrleansFed.Cli.Simulation.SecProbe;

/// <summary>
/// The options <c>orleansfed simulate</c> takes for <c>--protocol secprobe</c>, and the run they start. Kept apart from
/// <c>SimulateCommand</c> so the shared command only gains one registration and one dispatch line.
/// </summary>
internal sealed class SecProbeCommandOptions
{
    private readonly Option<int?> _m = new("--m") { Description = "SecProbe: M, uploads accepted per round (the rest are told to stop)", HelpName = "M" };
    private readonly Option<int?> _k = new("--k") { Description = "SecProbe: K ≤ M, uploads selected and averaged per round", HelpName = "K" };
    private readonly Option<double?> _epsilon = new("--epsilon") { Description = "SecProbe: ε₂, each participant's functional-mechanism budget per round", HelpName = "E" };
    private readonly Option<double?> _selectionEpsilon = new("--selection-epsilon")
    {
        Description = "SecProbe: ε₁ per selected upload: each of the K exponential-mechanism draws, Kε₁ per round (default 1)",
        HelpName = "E1",
    };
    private readonly Option<string> _selectionMechanism = CliOptions.OneOf(
        "--selection-mechanism",
        "SecProbe: sequential (K exponential-mechanism draws of ε₁, the paper's) or joint (one exponential mechanism over K-sets, budget Kε₁)",
        "sequential",
        "sequential",
        "joint");
    private readonly Option<string> _release = CliOptions.OneOf(
        "--coefficient-release",
        "SecProbe: per-class (every coefficient of the C class objectives, the paper's Lemma 4 Δ = C(b + b²/4)) or class-sums (per-class feature sums and one shared Gram matrix, Δ = 2b + b²/4; classification)",
        "per-class",
        "per-class",
        "class-sums");
    private readonly Option<double> _unreliable = new("--unreliable") { Description = "SecProbe: R, fraction of unreliable participants", HelpName = "R" };
    private readonly Option<double> _noiseFraction = new("--noise-fraction")
    {
        Description = "SecProbe: P, fraction of an unreliable participant's tuples replaced by uniform noise",
        HelpName = "P",
    };
    private readonly Option<int> _malicious = new("--malicious") { Description = "SecProbe: participants uploading random weights in [0, 1]", HelpName = "COUNT" };
    private readonly Option<string> _aggregate = CliOptions.OneOf(
        "--secprobe-aggregate",
        "SecProbe: exponential (select K by the exponential mechanism), uniform (K at random) or all (plain FedAvg of the M)",
        "exponential",
        "exponential",
        "uniform",
        "all");
    private readonly Option<string> _task = CliOptions.OneOf(
        "--task", "SecProbe: classification (--dataset) or regression (synthetic tabular data, MRE)", "classification", "classification", "regression");
    private readonly Option<int> _hidden = new("--hidden") { Description = "SecProbe: hidden width H (default 32)", HelpName = "H", DefaultValueFactory = _ => 32 };
    private readonly Option<int> _iterations = new("--iterations")
    {
        Description = "SecProbe: I, gradient steps per round on the perturbed objective (default 10)",
        HelpName = "I",
        DefaultValueFactory = _ => Client.SecProbe.FunctionalMechanismOptions.DefaultIterations,
    };
    private readonly Option<double?> _step = new("--step-size")
    {
        Description = "SecProbe: relative step ρ ≤ 1 on the per-tuple objective (default 0.05 for classification, step ρ/(λ + b²/4); 1 for regression, step ρ/(λ + s·b/8))",
        HelpName = "X",
    };
    private readonly Option<int> _validation = new("--validation-size")
    {
        Description = "SecProbe: tuples the silo keeps as its validation set (default 1000)",
        HelpName = "N",
        DefaultValueFactory = _ => 1000,
    };
    private readonly Option<int> _pretrain = new("--silo-pretrain-epochs")
    {
        Description = "SecProbe: epochs the silo trains the hidden layer on its own validation set before round 1 (classification; default 10, 0 = random)",
        HelpName = "N",
        DefaultValueFactory = _ => 10,
    };
    private readonly Option<int> _pretrainSize = new("--silo-pretrain-size")
    {
        Description = "SecProbe: further training tuples the silo keeps to pretrain the hidden layer on, so that it scores uploads on tuples the hidden layer never saw (classification; default 0: pretrain on the validation set)",
        HelpName = "N",
    };
    private readonly Option<double> _utilitySensitivity = new("--utility-sensitivity")
    {
        Description = "SecProbe: Δu of the validation utility (default 0.5)",
        HelpName = "X",
        DefaultValueFactory = _ => 0.5,
    };
    private readonly Option<bool> _keepHidden = new("--silo-keeps-hidden")
    {
        Description = "SecProbe: the silo averages only the output layer (what participants train) and keeps its hidden layer",
    };
    private readonly Option<bool> _baselines = new("--baselines")
    {
        Description = "SecProbe: also train stand-alone (one clean participant) and centralized (all clean data, with and without noise)",
    };

    private SecProbeCommandOptions()
    {
    }

    /// <summary>Adds the SecProbe options to <paramref name="command"/>, with a check that they come with <c>--protocol secprobe</c>.</summary>
    public static SecProbeCommandOptions AddTo(Command command, Option<string> protocol)
    {
        var options = new SecProbeCommandOptions();
        Option[] all =
        [
            options._m, options._k, options._epsilon, options._selectionEpsilon, options._selectionMechanism, options._release, options._unreliable,
            options._noiseFraction, options._malicious, options._aggregate, options._task, options._hidden, options._iterations,
            options._step, options._validation, options._pretrain, options._pretrainSize, options._utilitySensitivity, options._keepHidden, options._baselines,
        ];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }

        command.Validators.AddSafe(r =>
        {
            if (r.GetValue(protocol) == "secprobe")
            {
                foreach (var required in new Option[] { options._m, options._k, options._epsilon })
                {
                    if (r.GetResult(required) is null)
                    {
                        r.AddError($"--protocol secprobe needs {required.Name}.");
                    }
                }
            }
            else
            {
                foreach (var option in all)
                {
                    if (r.GetResult(option) is { Implicit: false })
                    {
                        r.AddError($"{option.Name} is a SecProbe option; it needs --protocol secprobe.");
                    }
                }
            }
        });
        return options;
    }

    /// <summary>Runs the SecProbe simulation and writes its summary and report.</summary>
    public async Task<int> RunAsync(ParseResult parse, SecProbeSettings common, string? reportPath, CancellationToken ct)
    {
        var settings = common with
        {
            Dataset = parse.GetValue(_task) == "regression" ? "regression" : common.Dataset,
            Accept = parse.GetValue(_m) ?? 0,
            Select = parse.GetValue(_k) ?? 0,
            Epsilon = parse.GetValue(_epsilon) ?? 0,
            SelectionEpsilon = parse.GetValue(_selectionEpsilon) ?? 1,
            SelectionMechanism = parse.GetValue(_selectionMechanism)!,
            CoefficientRelease = parse.GetValue(_release)!,
            Unreliable = parse.GetValue(_unreliable),
            NoiseFraction = parse.GetValue(_noiseFraction),
            Malicious = parse.GetValue(_malicious),
            Aggregate = parse.GetValue(_aggregate)!,
            Hidden = parse.GetValue(_hidden),
            Iterations = parse.GetValue(_iterations),
            LearningRate = parse.GetValue(_step),
            ValidationSize = parse.GetValue(_validation),
            PretrainEpochs = parse.GetValue(_pretrain),
            PretrainSize = parse.GetValue(_pretrainSize),
            UtilitySensitivity = parse.GetValue(_utilitySensitivity),
            Baselines = parse.GetValue(_baselines),
            SiloKeepsHidden = parse.GetValue(_keepHidden),
        };
        if (settings.Hidden < 1 || settings.Iterations < 1 || settings.ValidationSize < 1 || settings.PretrainEpochs < 0 || settings.PretrainSize < 0 || settings.LearningRate is <= 0 or double.NaN)
        {
            throw new UsageException("--hidden, --iterations and --validation-size must be at least 1, --silo-pretrain-epochs and --silo-pretrain-size at least 0 and --step-size positive.");
        }

        settings.Validate();
        var report = await new SecProbeSimulation(settings, line => Console.Error.WriteLine(line)).RunAsync(ct).ConfigureAwait(false);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"secprobe: final test {report.Metric} {report.FinalTestMetric:F4} (FedAvg of the same uploads {report.FinalFedAvgSameUploadsMetric:F4}); "
            + $"unreliable selection rate {report.UnreliableSelectionRate:F3} (accepted rate {report.UnreliableAcceptedRate:F3}); "
            + $"{report.Rounds.Count} rounds in {report.WallSeconds:F1} s");
        if (report.CentralizedTestMetric is { } c)
        {
            summary += string.Create(CultureInfo.InvariantCulture,
                $"; stand-alone {report.StandAloneTestMetric:F4}, centralized {c:F4}, centralized without noise {report.CentralizedNoiselessTestMetric:F4}");
        }

        await Console.Out.WriteLineAsync(summary).ConfigureAwait(false);
        if (reportPath is not null)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(reportPath));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            await File.WriteAllTextAsync(reportPath, report.ToJson() + Environment.NewLine, ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"report written to {reportPath}").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}
