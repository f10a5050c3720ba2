using System.CommandLine;
using System.Globalization;
using OrleansFed.Learning;

namespace OrleansFed.Cli.Simulation.Collab;

/// <summary>The options <c>simulate --protocol fedcollab</c> adds (docs/cli.md), and the settings they make.</summary>
internal sealed class CollabOptions
{
    /// <summary>Default step deadline (join and share phases), in milliseconds.</summary>
    public const int DefaultStepDeadlineMs = 10_000;

    private readonly Option<int> _epochs = CliOptions.Positive("--epochs", "FedCollabNN: epochs (passes over the largest worker shard)", 5);
    private readonly Option<string?> _models = new("--worker-models")
    {
        Description = "FedCollabNN: comma-separated architectures cycled over the workers, e.g. mlp,cnn (default: --model for every worker)",
        HelpName = "LIST",
    };

    private readonly Option<int> _deadline = CliOptions.Positive("--step-deadline-ms", "FedCollabNN: how long a step's join and share phases wait before dropping missing workers", DefaultStepDeadlineMs);
    private readonly Option<double> _straggler = new("--straggler-rate")
    {
        Description = "FedCollabNN: probability that a worker misses a step's join deadline (simulated straggler; it is dropped from that step)",
        HelpName = "P",
    };

    public CollabOptions()
    {
        _models.Validators.AddSafe(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } list)
            {
                try
                {
                    _ = ParseModels(list);
                }
                catch (ArgumentException ex)
                {
                    r.AddError($"--worker-models: {TrainingData.PlainMessage(ex)}");
                }
            }
        });
        _straggler.Validators.AddSafe(r =>
        {
            var p = r.GetValueOrDefault<double>();
            if (!(p >= 0 && p < 1))
            {
                r.AddError(string.Create(CultureInfo.InvariantCulture, $"--straggler-rate must be in [0, 1); got {p}."));
            }
        });
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _epochs, _models, _deadline, _straggler })
        {
            command.Options.Add(option);
        }
    }

    public CollabSettings Settings(ParseResult parse, int clients, string model, string dataset, string dataDirectory, int syntheticCount,
        string partition, int batchSize, float learningRate, int seed)
    {
        if (clients < 2)
        {
            throw new UsageException($"--protocol fedcollab needs --clients of at least 2; got {clients}.");
        }

        var models = parse.GetValue(_models) is { } list ? ParseModels(list) : [model];
        return new CollabSettings
        {
            Dataset = dataset,
            DataDirectory = dataDirectory,
            SyntheticTrainCount = syntheticCount,
            Workers = clients,
            Epochs = parse.GetValue(_epochs),
            Models = models,
            Partition = partition,
            BatchSize = batchSize,
            LearningRate = learningRate,
            Seed = seed,
            Threads = Threads(parse),
            StepDeadline = TimeSpan.FromMilliseconds(parse.GetValue(_deadline)),
            StragglerRate = parse.GetValue(_straggler),
        };
    }

    // --threads is declared once on the command (by the PATE options); FedCollabNN reads the same option by name.
    private static int Threads(ParseResult parse)
    {
        try
        {
            return Math.Max(1, parse.GetValue<int>("--threads"));
        }
        catch (InvalidOperationException)
        {
            return 2;
        }
        catch (ArgumentException)
        {
            return 2;
        }
    }

    private static string[] ParseModels(string list)
    {
        var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
        {
            throw new ArgumentException("List at least one architecture (logreg, mlp or cnn).", nameof(list));
        }

        foreach (var name in names)
        {
            _ = ModelSpec.Parse(name);
        }

        return [.. names.Select(n => n.ToLowerInvariant())];
    }
}
