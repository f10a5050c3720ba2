using System.Collections.Immutable;

namespace OrleansFed.Interfaces.SecAgg;

/// <summary>
/// What one participant sees of a secure-aggregation round attempt (<c>GET /v1/campaigns/{id}/rounds/{round}/secagg</c>):
/// the step, its deadline, the session parameters and whatever the server has broadcast so far for this participant.
/// </summary>
public sealed record SecAggView
{
    /// <summary>Round.</summary>
    public required int Round { get; init; }

    /// <summary>Attempt.</summary>
    public required int Attempt { get; init; }

    /// <summary>Current step.</summary>
    public required SecAggPhase Phase { get; init; }

    /// <summary>When the current step closes at the latest.</summary>
    public required DateTimeOffset StepDeadline { get; init; }

    /// <summary>Session parameters for this participant.</summary>
    public required SecAggSession Session { get; init; }

    /// <summary>U1 and the keys, once step 0 closed.</summary>
    public SecAggRosterEntry[]? Roster { get; init; }

    /// <summary>The neighbour graph's ring order, once step 0 closed.</summary>
    public ImmutableArray<int>? RingOrder { get; init; }

    /// <summary>The neighbour graph's degree (0 = complete), once step 0 closed.</summary>
    public int? GraphDegree { get; init; }

    /// <summary>Shares addressed to this participant, during step 2 when it is in U2.</summary>
    public SecAggEncryptedShare[]? ForwardedShares { get; init; }

    /// <summary>U3, during step 3.</summary>
    public ImmutableArray<int>? Survivors { get; init; }

    /// <summary>U2 \ U3, during step 3.</summary>
    public ImmutableArray<int>? Dropped { get; init; }
}
