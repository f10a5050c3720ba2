using System.Collections.Immutable;

namespace OrleansFed.Interfaces.SecProbe;

/// <summary>The ε a SecProbe ledger holds (pure ε-DP events summed by basic composition).</summary>
/// <param name="Ledger">Whose ledger: <c>campaign</c> (the selections) or a participant id (its uploads).</param>
/// <param name="Epsilon">ε spent so far.</param>
/// <param name="Rounds">The rounds the ledger was charged in, ascending (one entry per round).</param>
public sealed record SecProbePrivacySpent(string Ledger, double Epsilon, ImmutableArray<int> Rounds);
