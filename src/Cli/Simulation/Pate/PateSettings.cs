using OrleansFed.Interfaces.Pate;

namespace OrleansFed.Cli.Simulation.Pate;

/// <summary>Everything <c>orleansfed simulate --protocol pate</c> was asked to do.</summary>
internal sealed record PateSettings
{
    /// <summary>Training examples per teacher shard (the 100 × 600 split of MNIST train).</summary>
    public const int DefaultShardSize = 600;

    /// <summary><c>mnist</c> or <c>synthetic</c>.</summary>
    public string Dataset { get; init; } = "mnist";

    public string DataDirectory { get; init; } = "data/mnist";

    public int SyntheticTrainCount { get; init; } = TrainingData.DefaultSyntheticTrainCount;

    public int Teachers { get; init; } = 100;

    /// <summary>Examples per teacher (disjoint shards); capped so all shards fit in the training set.</summary>
    public int ShardSize { get; init; } = DefaultShardSize;

    /// <summary>Queries offered (the first ones of the public slice, in order).</summary>
    public int Queries { get; init; } = 1000;

    /// <summary>Size of the public slice taken from the start of the test set; the rest evaluates.</summary>
    public int PublicSize { get; init; } = 5000;

    /// <summary>Queries per batch (one vote tally and one secure-aggregation session per batch).</summary>
    public int QueryBatch { get; init; } = 100;

    public required PateAggregatorSpec Aggregator { get; init; }

    public PateAccounting Accounting { get; init; } = PateAccounting.DataDependent;

    public double EpsilonBudget { get; init; } = 10;

    public double Delta { get; init; } = 1e-5;

    /// <summary>Combine one-hot votes under secure aggregation (central mechanisms only).</summary>
    public bool SecureAggregation { get; init; } = true;

    /// <summary>SecAgg+ neighbour degree (0 = complete graph).</summary>
    public int SecAggDegree { get; init; }

    public string TeacherModel { get; init; } = "mlp";

    public int TeacherEpochs { get; init; } = 20;

    public float TeacherLearningRate { get; init; } = 0.05f;

    public string StudentModel { get; init; } = "cnn";

    public int StudentEpochs { get; init; } = 60;

    public float StudentLearningRate { get; init; } = 0.02f;

    /// <summary>Shifted copies of each labeled image added to the student's training set (0: none).</summary>
    public int StudentAugment { get; init; }

    public int BatchSize { get; init; } = 32;

    /// <summary>Teachers trained at once (each on one thread).</summary>
    public int Threads { get; init; } = 2;

    public int Seed { get; init; }

    /// <summary>Where the labeled public set is written (<see langword="null"/>: next to the report, or not at all).</summary>
    public string? LabelsPath { get; init; }

    /// <summary>Directory where trained teachers are kept and reused by later runs with the same settings.</summary>
    public string? TeacherCache { get; init; }

    /// <summary>SQLite directory of the silo (<see langword="null"/>: a temporary one, deleted afterwards).</summary>
    public string? StateDirectory { get; init; }
}
