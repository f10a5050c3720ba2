using System.Text.Json;

namespace OrleansFed.Cli.Simulation.Collab;

/// <summary>The JSON report of a FedCollabNN simulation (snake_case on disk, like <see cref="SimulationReport"/>).</summary>
internal sealed record CollabReport
{
    public string Protocol { get; init; } = "fedcollab";

    public required string Dataset { get; init; }

    public required int Clients { get; init; }

    public required int Epochs { get; init; }

    public required string Partition { get; init; }

    /// <summary>Architecture of each worker, in worker order.</summary>
    public required IReadOnlyList<string> WorkerModels { get; init; }

    public required IReadOnlyList<int> WorkerShardSizes { get; init; }

    public required int BatchSize { get; init; }

    /// <summary>η on the gradient of the average loss; a member of an m-member step moves by η/m times its own loss gradient.</summary>
    public required double LearningRate { get; init; }

    public required int Seed { get; init; }

    public required int StepsPerEpoch { get; init; }

    public required long Steps { get; init; }

    /// <summary>Accuracy of every worker's own model on the test set: one array per worker, one value per epoch.</summary>
    public required IReadOnlyList<IReadOnlyList<double>> WorkerTestAccuracy { get; init; }

    /// <summary>Accuracy of the plurality vote of all workers' models on the test set, one value per epoch.</summary>
    public required IReadOnlyList<double> EnsembleTestAccuracy { get; init; }

    /// <summary>Best single worker's test accuracy, one value per epoch.</summary>
    public required IReadOnlyList<double> BestWorkerTestAccuracy { get; init; }

    /// <summary>Mean of the workers' test accuracies, one value per epoch.</summary>
    public required IReadOnlyList<double> MeanWorkerTestAccuracy { get; init; }

    /// <summary>Mean over the epoch's completed steps of the average loss the silo reconstructed.</summary>
    public required IReadOnlyList<double> AverageTrainingLoss { get; init; }

    public required double StepDeadlineSeconds { get; init; }

    public required double StragglerRate { get; init; }

    /// <summary>Worker-steps in which a worker was dropped from a step (deadline).</summary>
    public required long DroppedWorkerSteps { get; init; }

    /// <summary>Steps skipped because fewer than the minimum members remained.</summary>
    public required long SkippedSteps { get; init; }

    /// <summary>How workers reached the step grain.</summary>
    public required string Transport { get; init; }

    public required double WallSeconds { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, SimulationReport.Json);
}
