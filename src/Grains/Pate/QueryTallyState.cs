namespace OrleansFed.Grains.Pate;

/// <summary>The tally of one query: summed counts, the roster bit set of teachers that voted, and receipts of contributions.</summary>
public sealed class QueryTallyState
{
    /// <summary>Summed count per class.</summary>
    public long[] Counts { get; set; } = [];

    /// <summary>Roster bit set of the teachers whose votes are in <see cref="Counts"/>.</summary>
    public byte[] Voters { get; set; } = [];

    /// <summary>One receipt per accepted contribution, so an identical replay is recognised.</summary>
    public List<VoteReceipt> Receipts { get; set; } = [];
}
