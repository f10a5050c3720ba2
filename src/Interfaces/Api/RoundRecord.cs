namespace OrleansFed.Interfaces.Api;

/// <summary>One completed round in a campaign's history; each round appears exactly once.</summary>
public sealed record RoundRecord
{
    /// <summary>Round number (1-based).</summary>
    public required int Round { get; init; }

    /// <summary>Attempt that closed the round (1-based; higher when earlier attempts missed the minimum).</summary>
    public required int Attempt { get; init; }

    /// <summary>Number of updates aggregated.</summary>
    public required int Participants { get; init; }

    /// <summary>Total sample count over the aggregated updates.</summary>
    public required long Samples { get; init; }

    /// <summary>When the round closed.</summary>
    public required DateTimeOffset ClosedAt { get; init; }

    /// <summary>Why the round closed.</summary>
    public required CloseReason CloseReason { get; init; }

    /// <summary>Mean of the participants' reported training losses, weighted by sample count.</summary>
    public required double TrainLoss { get; init; }

    /// <summary>Model version produced by this round.</summary>
    public long ModelVersion { get; init; }

    /// <summary>The campaign's accounted ε after this round (at the budget's δ), when a privacy budget is configured
    /// and the round used an accounted mechanism; otherwise absent.</summary>
    public double? Epsilon { get; init; }
}
