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

    public float LearningRate { get; init; } = 0.1f;

    public int Seed { get; init; }

    /// <summary>MNIST directory (ignored for synthetic data).</summary>
    public string DataDirectory { get; init; } = "data/mnist";

    /// <summary>Training-set size of synthetic data.</summary>
    public int SyntheticTrainCount { get; init; } = TrainingData.DefaultSyntheticTrainCount;

    /// <summary>Also train one model on the union of the parties' data and report its accuracy.</summary>
    public bool Centralized { get; init; }

    /// <summary>Seconds a round may stay open; generous, since every participant is in-process.</summary>
    public int RoundTimeoutSeconds { get; init; } = 600;
}
