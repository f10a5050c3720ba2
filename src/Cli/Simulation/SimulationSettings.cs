namespace OrleansFed.Cli.Simulation;

/// <summary>Everything <c>orleansfed simulate</c> was asked to do.</summary>
internal sealed record SimulationSettings
{
    public string Protocol { get; init; } = "fedavg";

    /// <summary><c>mnist</c> or <c>synthetic</c>.</summary>
    public required string Dataset { get; init; }

    public required string Model { get; init; }

    public required int Clients { get; init; }

    public required int Rounds { get; init; }

    public string Partition { get; init; } = "iid";

    public int LocalEpochs { get; init; } = 1;

    public int BatchSize { get; init; } = 64;

    /// <summary>Default local learning rate of simulations (see <c>docs/cli.md</c> for why it is 0.5).</summary>
    public const float DefaultLearningRate = 0.5f;

    public float LearningRate { get; init; } = DefaultLearningRate;

    public int Seed { get; init; }

    /// <summary>MNIST directory (ignored for synthetic data).</summary>
    public string DataDirectory { get; init; } = "data/mnist";

    /// <summary>Training-set size of synthetic data.</summary>
    public int SyntheticTrainCount { get; init; } = TrainingData.DefaultSyntheticTrainCount;

    /// <summary>Also train one model on the union of the parties' data and report its accuracy.</summary>
    public bool Centralized { get; init; }

    /// <summary>Aggregation rule spec (docs/aggregation.md); <see langword="null"/> = the silo's default, <c>fedavg</c>.</summary>
    public string? Aggregator { get; init; }

    /// <summary>Fraction of participants sampled per round, in (0, 1]; <see langword="null"/> = every participant.</summary>
    public double? SampleFraction { get; init; }

    /// <summary>Fraction of participants that are simulated attackers, in [0, 1); ⌊fraction · clients⌋ of them.</summary>
    public double ByzantineFraction { get; init; }

    /// <summary>Attack spec of the Byzantine participants (<c>random</c>, <c>sign-flip[:scale]</c>); required when <see cref="ByzantineFraction"/> &gt; 0.</summary>
    public string? Attack { get; init; }

    /// <summary>Privacy mode spec passed to the campaign (<c>none</c>, <c>secagg</c>, <c>dp-sgd:sigma=1.1</c>, …).</summary>
    public string Privacy { get; init; } = "none";

    /// <summary>When set, the final global model is written there as text, one float per line (<c>--model-out</c>).</summary>
    public string? ModelOut { get; init; }

    /// <summary>Under secagg: fraction of each round's sampled clients that vanish after share-keys, in [0, 1).</summary>
    public double Dropout { get; init; }

    /// <summary>Seconds a round may stay open; generous, since every participant is in-process.</summary>
    public int RoundTimeoutSeconds { get; init; } = 600;
}
