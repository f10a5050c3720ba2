namespace OrleansFed.Interfaces.Pate;

/// <summary>What happened to one query of the plan.</summary>
public enum QueryOutcome
{
    /// <summary>A label was released.</summary>
    Answered = 0,

    /// <summary>Confident-GNMax: the noisy max count stayed below the threshold; no label (the threshold step is still accounted).</summary>
    BelowThreshold = 1,

    /// <summary>No teacher voted on the query; nothing was released or accounted.</summary>
    NoVotes = 2,

    /// <summary>Answering would have exceeded the budget; nothing was released or accounted.</summary>
    Refused = 3,
}
