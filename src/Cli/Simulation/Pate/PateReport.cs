using System.Text.Json;

namespace OrleansFed.Cli.Simulation.Pate;

/// <summary>The JSON report of a PATE simulation (snake_case on disk, like <see cref="SimulationReport"/>).</summary>
internal sealed record PateReport
{
    public string Protocol { get; init; } = "pate";

    public required string Aggregator { get; init; }

    public required string Accounting { get; init; }

    public required string Dataset { get; init; }

    public required int Teachers { get; init; }

    public required int ShardSize { get; init; }

    public required string TeacherModel { get; init; }

    public required string StudentModel { get; init; }

    public required int Seed { get; init; }

    /// <summary>Shifted copies per labeled image in the student's training set.</summary>
    public required int StudentAugment { get; init; }

    public required int StudentEpochs { get; init; }

    /// <summary>Whether one-hot votes were summed under secure aggregation (the silo saw only histograms).</summary>
    public required bool SecureAggregation { get; init; }

    public required int PublicSize { get; init; }

    public required int EvaluationSize { get; init; }

    public required int QueriesOffered { get; init; }

    public required int QueriesAnswered { get; init; }

    public required int QueriesBelowThreshold { get; init; }

    public required int QueriesRefused { get; init; }

    /// <summary>Coordinator phase at the end: Completed or BudgetExhausted.</summary>
    public required string Phase { get; init; }

    /// <summary>Mean test accuracy of the teachers on the evaluation slice.</summary>
    public required double TeacherTestAccuracy { get; init; }

    public required double TeacherTestAccuracyMin { get; init; }

    public required double TeacherTestAccuracyMax { get; init; }

    /// <summary>Accuracy of the released labels against the true labels of the answered queries.</summary>
    public required double LabelAccuracy { get; init; }

    /// <summary>Accuracy of the plain (noise-free) plurality vote over the offered queries, for reference.</summary>
    public required double PluralityAccuracy { get; init; }

    public required double StudentTestAccuracy { get; init; }

    /// <summary>ε of the campaign ledger at <see cref="Delta"/>.</summary>
    public required double Epsilon { get; init; }

    public required double Delta { get; init; }

    public required double EpsilonBudget { get; init; }

    /// <summary>Largest ε among the teachers' own ledgers.</summary>
    public required double TeacherEpsilonMax { get; init; }

    public required int LedgerEvents { get; init; }

    /// <summary>Teacher votes counted in the tallies of the issued batches (one per teacher and query).</summary>
    public required long VotesRecorded { get; init; }

    /// <summary>Queries of the issued batches × teachers: what <see cref="VotesRecorded"/> must equal.</summary>
    public required long VotesExpected { get; init; }

    /// <summary>Sum of every histogram entry of the issued batches' tallies (equals <see cref="VotesRecorded"/> for one-hot votes).</summary>
    public required long VoteCountTotal { get; init; }

    public string? LabelsFile { get; init; }

    /// <summary>Seconds spent training the teachers (or loading them, when <see cref="TeachersCached"/>).</summary>
    public required double TeacherTrainingSeconds { get; init; }

    /// <summary>Whether the teachers were loaded from <c>--teacher-cache</c> instead of trained.</summary>
    public required bool TeachersCached { get; init; }

    public required double QuerySeconds { get; init; }

    public required double StudentTrainingSeconds { get; init; }

    public required double WallSeconds { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, SimulationReport.Json);
}
