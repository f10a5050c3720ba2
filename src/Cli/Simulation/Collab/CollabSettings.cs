namespace OrleansFed.Cli.Simulation.Collab;

/// <summary>Everything <c>simulate --protocol fedcollab</c> was asked to do.</summary>
internal sealed record CollabSettings
{
    /// <summary><c>mnist</c> or <c>synthetic</c>.</summary>
    public required string Dataset { get; init; }

    public string DataDirectory { get; init; } = "data/mnist";

    public int SyntheticTrainCount { get; init; } = TrainingData.DefaultSyntheticTrainCount;

    /// <summary>K: number of workers.</summary>
    public required int Workers { get; init; }

    public required int Epochs { get; init; }

    /// <summary>Architecture per worker, cycled over the workers (worker k gets Models[k mod n]).</summary>
    public required IReadOnlyList<string> Models { get; init; }

    public string Partition { get; init; } = "iid";

    public int BatchSize { get; init; } = 64;

    /// <summary>SGD learning rate on the gradient of the average loss (η/m on a worker's own loss in an m-member step).</summary>
    public required float LearningRate { get; init; }

    public int Seed { get; init; }

    /// <summary>Workers computing their steps at once (each worker's kernels run single-threaded).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Join and share deadline of a step.</summary>
    public TimeSpan StepDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Probability that a worker misses a step's join deadline (simulated straggler), in [0, 1).</summary>
    public double StragglerRate { get; init; }

    /// <summary>Fewest members a step's loss sum is reconstructed from.</summary>
    public int MinMembers { get; init; } = 2;
}
