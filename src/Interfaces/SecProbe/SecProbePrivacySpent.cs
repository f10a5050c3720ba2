namespace OrleansFed.Interfaces.SecProbe;

/// <summary>The ε a SecProbe ledger holds (pure ε-DP events summed by basic composition).</summary>
/// <param name="Ledger">Whose ledger: <c>campaign</c> (the selections) or a participant id (its accepted uploads).</param>
/// <param name="Epsilon">ε spent so far.</param>
/// <param name="Entries">Entries recorded (one per round the ledger was charged in).</param>
public sealed record SecProbePrivacySpent(string Ledger, double Epsilon, int Entries);
