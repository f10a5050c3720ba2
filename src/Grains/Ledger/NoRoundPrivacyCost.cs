using OrleansFed.Interfaces.Api;
using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Grains.Ledger;

/// <summary>The default until DP modes are wired: plaintext rounds run no privacy mechanism, so they cost nothing.</summary>
public sealed class NoRoundPrivacyCost : IRoundPrivacyCost
{
    /// <inheritdoc />
    public PrivacyEvent? ForRound(CampaignConfig config, int round, int sampled, int enrolled) => null;
}
