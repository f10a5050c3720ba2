using OrleansFed.Interfaces.Pate;

namespace OrleansFed.Grains.Pate;

/// <summary>Persistent state of a PATE coordinator: the spec, the batches issued, and every processed query.</summary>
public sealed class PateCoordinatorState
{
    /// <summary>The configuration; <see langword="null"/> until configured.</summary>
    public PateCampaignSpec? Spec { get; set; }

    /// <summary>Plan index of the first query not yet issued in a batch.</summary>
    public int NextQuery { get; set; }

    /// <summary>Issued batches, by number.</summary>
    public List<PateBatchRecord> Batches { get; set; } = [];

    /// <summary>Processed queries in plan order; their events, concatenated, are the campaign ledger.</summary>
    public List<PateQueryRecord> Queries { get; set; } = [];

    /// <summary>Whether an answer was refused for the budget; nothing more is issued or answered.</summary>
    public bool BudgetExhausted { get; set; }
}
