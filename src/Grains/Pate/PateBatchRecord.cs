namespace OrleansFed.Grains.Pate;

/// <summary>One issued batch: its slice of the plan and, once answered, its counts per outcome.</summary>
public sealed class PateBatchRecord
{
    /// <summary>Plan index of its first query.</summary>
    public int FirstQuery { get; set; }

    /// <summary>Number of queries.</summary>
    public int Count { get; set; }

    /// <summary>Whether the batch was answered.</summary>
    public bool Answered { get; set; }

    /// <summary>Queries that got a label.</summary>
    public int Labeled { get; set; }

    /// <summary>Queries left unanswered by the threshold step.</summary>
    public int BelowThreshold { get; set; }

    /// <summary>Queries without votes.</summary>
    public int NoVotes { get; set; }

    /// <summary>Queries refused for the budget.</summary>
    public int Refused { get; set; }
}
