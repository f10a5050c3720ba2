namespace OrleansFed.Cli.Simulation.SecProbe;

/// <summary>One round of a SecProbe simulation.</summary>
internal sealed record SecProbeRoundReport
{
    public required int Round { get; init; }

    /// <summary>Test accuracy (classification) or test MRE (regression) of the new global model.</summary>
    public required double TestMetric { get; init; }

    /// <summary>The same metric for the plain average of all M accepted uploads of this round (FedAvg over the same uploads).</summary>
    public required double FedAvgSameUploadsMetric { get; init; }

    public required int AcceptedUnreliable { get; init; }

    public required int SelectedUnreliable { get; init; }

    public required int AcceptedMalicious { get; init; }

    public required int SelectedMalicious { get; init; }

    /// <summary>Participants told to stop because the round already held M uploads.</summary>
    public required int Stopped { get; init; }

    /// <summary>Mean validation utility of the accepted reliable (clean, honest) uploads.</summary>
    public double? MeanScoreReliable { get; init; }

    /// <summary>Mean validation utility of the accepted unreliable uploads.</summary>
    public double? MeanScoreUnreliable { get; init; }

    /// <summary>Mean validation utility of the accepted malicious uploads.</summary>
    public double? MeanScoreMalicious { get; init; }
}
