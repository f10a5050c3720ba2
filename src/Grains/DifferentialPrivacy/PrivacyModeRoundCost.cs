using OrleansFed.Grains.Ledger;
using OrleansFed.Interfaces.Api;
using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Grains.DifferentialPrivacy;

/// <summary>
/// The campaign-level privacy cost of a round by privacy mode. <c>dp-central</c>: one subsampled Gaussian step with
/// q = sampled / enrolled and the accounted multiplier of <see cref="DpCentralAggregator.AccountedNoiseMultiplier"/>
/// (the RDP analysis assumes Poisson sampling; the silo samples a fixed-size subset, the usual approximation).
/// <c>dp-distributed</c>: the same step with the multiplier of the round's distributed discrete Gaussian
/// (<see cref="Privacy.SecureAggregation.DistributedGaussianUpdateCodec.AccountedNoiseMultiplier"/>: z, lowered by
/// Kairouz et al.'s τ term). Every other mode costs nothing at the campaign level (<c>dp-sgd</c> is accounted per
/// participant).
/// </summary>
public sealed class PrivacyModeRoundCost : IRoundPrivacyCost
{
    /// <inheritdoc />
    public PrivacyEvent? ForRound(CampaignConfig config, int round, int sampled, int enrolled) =>
        ForRound(config, round, sampled, enrolled, parameterCount: 1);

    /// <inheritdoc />
    public PrivacyEvent? ForRound(CampaignConfig config, int round, int sampled, int enrolled, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(config);
        var mode = PrivacyModes.NameOf(config.Privacy);
        if (mode is not (PrivacyModes.DpCentral or PrivacyModes.DpDistributed) || enrolled <= 0 || sampled <= 0)
        {
            return null;
        }

        var spec = PrivacyModeSpec.Parse(config.Privacy);
        var q = Math.Min(1.0, (double)sampled / enrolled);
        var multiplier = mode == PrivacyModes.DpCentral
            ? DpCentralAggregator.AccountedNoiseMultiplier(spec, sampled, parameterCount)
            : DpDistributedRound.Codec(spec, sampled, parameterCount).AccountedNoiseMultiplier;
        return new SubsampledGaussianEvent(q, multiplier, 1);
    }
}
