using OrleansFed.Interfaces.Pate;
using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Grains.Pate;

/// <summary>One processed query: outcome, label, the events its release incurred and who voted (roster bit set).</summary>
public sealed class PateQueryRecord
{
    /// <summary>The query id.</summary>
    public int QueryId { get; set; }

    /// <summary>What happened.</summary>
    public QueryOutcome Outcome { get; set; }

    /// <summary>The released label, if answered.</summary>
    public int? Label { get; set; }

    /// <summary>Events recorded for the campaign and for every voter.</summary>
    public List<PrivacyEvent> Events { get; set; } = [];

    /// <summary>Roster bit set of the teachers whose votes entered the histogram.</summary>
    public byte[] Voters { get; set; } = [];
}
