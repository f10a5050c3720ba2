using OrleansFed.Privacy.Accounting;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Grains.Ledger;

/// <summary>
/// The privacy mechanism event a round will cause, as the campaign's privacy mode plans it (e.g. dp-central: one
/// subsampled Gaussian step with q = sampled / enrolled). The campaign asks before opening a round, refuses the round if
/// the ledger would exceed the budget, and records the event in its ledger when the round commits.
/// </summary>
public interface IRoundPrivacyCost
{
    /// <summary>The event a round would cause, or <see langword="null"/> if it uses no accounted mechanism.</summary>
    /// <param name="config">Campaign configuration.</param>
    /// <param name="round">Round number.</param>
    /// <param name="sampled">Participants sampled for the round.</param>
    /// <param name="enrolled">Participants enrolled.</param>
    /// <returns>The planned event, or <see langword="null"/>.</returns>
    PrivacyEvent? ForRound(CampaignConfig config, int round, int sampled, int enrolled);

    /// <summary>The event a round would cause, knowing the model size (mechanisms whose accounting depends on the
    /// dimension override this; the default ignores it).</summary>
    /// <param name="config">Campaign configuration.</param>
    /// <param name="round">Round number.</param>
    /// <param name="sampled">Participants sampled for the round.</param>
    /// <param name="enrolled">Participants enrolled.</param>
    /// <param name="parameterCount">Model parameters.</param>
    /// <returns>The planned event, or <see langword="null"/>.</returns>
    PrivacyEvent? ForRound(CampaignConfig config, int round, int sampled, int enrolled, int parameterCount) =>
        ForRound(config, round, sampled, enrolled);
}
