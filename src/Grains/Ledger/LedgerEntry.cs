using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Grains.Ledger;

/// <summary>One recorded mechanism event with the id that makes recording it idempotent (e.g. <c>round-3</c>).</summary>
/// <param name="Id">Entry id, unique within one ledger.</param>
/// <param name="Event">The mechanism event (src/Privacy's event types).</param>
public sealed record LedgerEntry(string Id, PrivacyEvent Event);
