using System.Collections.Immutable;

namespace OrleansFed.Interfaces.Api;

/// <summary>Snapshot of a campaign, returned by the admin endpoints.</summary>
public sealed record CampaignStatus
{
    /// <summary>Campaign id.</summary>
    public required string Id { get; init; }

    /// <summary>The configuration the campaign was created with (defaults filled in).</summary>
    public required CampaignConfig Config { get; init; }

    /// <summary>Lifecycle state.</summary>
    public required CampaignState State { get; init; }

    /// <summary>The round in progress (1-based), or 0 before round 1 starts; after the last round, the last round number.</summary>
    public int CurrentRound { get; init; }

    /// <summary>Number of rounds completed.</summary>
    public int CompletedRounds { get; init; }

    /// <summary>Number of enrolled participants.</summary>
    public int Enrolled { get; init; }

    /// <summary>Version of the current global model: 0 is the seeded initial model, then one more per completed round.</summary>
    public long ModelVersion { get; init; }

    /// <summary>Human-readable explanation of the state (e.g. why the campaign failed); may be absent.</summary>
    public string? Message { get; init; }

    /// <summary>ε spent so far at <see cref="Delta"/>, for a campaign with a DP privacy mode or a privacy budget: the
    /// campaign ledger's ε (<c>dp-central</c>), or the largest participant ε (<c>dp-sgd</c>); absent otherwise.</summary>
    public double? Epsilon { get; init; }

    /// <summary>δ at which <see cref="Epsilon"/> and every round's ε are measured; absent when no ε is reported.</summary>
    public double? Delta { get; init; }

    /// <summary>Each participant's own ε (<c>dp-sgd</c>: record-level DP of its local data), by participant id; absent
    /// in other modes.</summary>
    public ImmutableDictionary<string, double>? ParticipantEpsilon { get; init; }

    /// <summary><c>dp-central</c>: the clipping norm the next round clips updates to (the adaptive estimate with
    /// adaptive clipping, else the configured C); absent in other modes.</summary>
    public double? ClipNorm { get; init; }
}
