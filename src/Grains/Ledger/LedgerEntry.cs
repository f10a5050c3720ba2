using OrleansFed.Privacy.Accounting;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.Ledger;

/// <summary>One recorded mechanism event with the id that makes recording it idempotent (e.g. <c>round-3</c>).</summary>
/// <param name="Id">Entry id, unique within one ledger.</param>
/// <param name="Event">The mechanism event (src/Privacy's event types).</param>
/// <remarks>Marked immutable for the grain boundary: every <see cref="PrivacyEvent"/> type is a record with get-only,
/// validated members, so sharing one is safe even though the declared base type is abstract.</remarks>
[Immutable]
public sealed record LedgerEntry(string Id, PrivacyEvent Event);
