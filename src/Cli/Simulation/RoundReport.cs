namespace OrleansFed.Cli.Simulation;

/// <summary>One round of a simulation: who took part and how good the global model it produced is.</summary>
internal sealed record RoundReport
{
    public required int Round { get; init; }

    /// <summary>Updates aggregated in the round.</summary>
    public required int Participants { get; init; }

    /// <summary>Test accuracy of the global model after this round.</summary>
    public required double TestAccuracy { get; init; }

    /// <summary>Test loss of the global model after this round.</summary>
    public required double TestLoss { get; init; }

    /// <summary>Sample-weighted mean of the participants' local training losses.</summary>
    public double? TrainLoss { get; init; }

    /// <summary>Seconds from the previous round's close (or the first task) to this round's close.</summary>
    public required double Seconds { get; init; }

    /// <summary>The campaign's accounted ε after this round, as the silo's history reports it; absent when not accounted.</summary>
    public double? Epsilon { get; init; }
}
