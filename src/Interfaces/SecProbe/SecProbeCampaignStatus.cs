using System.Collections.Immutable;

namespace OrleansFed.Interfaces.SecProbe;

/// <summary>The operator's view of a SecProbe campaign.</summary>
/// <param name="Spec">The configuration as stored.</param>
/// <param name="Current">What participants currently see.</param>
/// <param name="History">The finished rounds, oldest first.</param>
/// <param name="SelectionEpsilonSpent">ε₁ spent by the selections so far (basic composition over the campaign ledger).</param>
public sealed record SecProbeCampaignStatus(
    SecProbeCampaignSpec Spec,
    SecProbeRoundView Current,
    ImmutableArray<SecProbeRoundSummary> History,
    double SelectionEpsilonSpent);
