namespace OrleansFed.Grains.Pate;

/// <summary>Persistent state of a vote-tally grain: the spec, and per query the summed histogram and who voted.</summary>
public sealed class VoteTallyState
{
    /// <summary>What the tally accepts; <see langword="null"/> until opened.</summary>
    public Interfaces.Pate.VoteTallySpec? Spec { get; set; }

    /// <summary>Whether the tally is closed (its batch is being or was answered).</summary>
    public bool Closed { get; set; }

    /// <summary>One entry per query of the spec, same order.</summary>
    public List<QueryTallyState> Queries { get; set; } = [];

    /// <summary>The distinct teacher sets (roster bit sets) of accepted contributions; receipts refer to them by index.</summary>
    public List<byte[]> Cohorts { get; set; } = [];
}
