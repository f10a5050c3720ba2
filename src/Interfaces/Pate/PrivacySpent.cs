namespace OrleansFed.Interfaces.Pate;

/// <summary>The privacy a ledger (a campaign's or a teacher's) has spent.</summary>
/// <param name="Epsilon">ε at <paramref name="Delta"/> (RDP accountant, improved conversion).</param>
/// <param name="Delta">δ.</param>
/// <param name="Events">Number of mechanism events in the ledger.</param>
/// <param name="LedgerJson">The ledger itself as JSON (events with a <c>kind</c> discriminator); data-dependent values
/// are sensitive — keep it with the coordinator's operator.</param>
public sealed record PrivacySpent(double Epsilon, double Delta, int Events, string LedgerJson);
