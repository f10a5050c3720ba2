namespace OrleansFed.Grains.Ledger;

/// <summary>Persistent state of one privacy ledger: its entries, oldest first.</summary>
public sealed class PrivacyLedgerState
{
    /// <summary>Recorded entries, oldest first; ids are unique.</summary>
    public List<LedgerEntry> Entries { get; set; } = [];
}
