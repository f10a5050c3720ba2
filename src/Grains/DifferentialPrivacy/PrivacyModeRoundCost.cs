using OrleansFed.Grains.Ledger;
using OrleansFed.Grains.Sampling;
using OrleansFed.Interfaces.Api;
using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Grains.DifferentialPrivacy;

/// <summary>
/// The campaign-level privacy cost of a round by privacy mode. <c>dp-central</c>: one Gaussian step with the accounted
/// multiplier of <see cref="DpCentralAggregator.AccountedNoiseMultiplier"/>: Poisson-subsampled with q =
/// <c>sampleFraction</c> (its default sampling; ε for adding or removing a participant), or, for the fixed-size subset of
/// <c>sampling=fixed</c>, subsampled without replacement with q = sampled / enrolled (ε for one participant's update
/// replaced by nothing — zero-out, the relation that analysis needs, with the enrolled count public;
/// <see cref="SampledWithoutReplacementGaussianEvent"/>).
/// <c>dp-distributed</c> (always a fixed-size subset): that step with the multiplier of the round's distributed discrete Gaussian
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
        if (spec.Poisson)
        {
            var rate = RoundSampler.SampleRate(config, enrolled);
            var expected = RoundSampler.ExpectedSize(config, enrolled);
            return new SubsampledGaussianEvent(rate, DpCentralAggregator.AccountedNoiseMultiplier(spec, expected, parameterCount), 1);
        }

        var q = Math.Min(1.0, (double)sampled / enrolled);
        var multiplier = mode == PrivacyModes.DpCentral
            ? DpCentralAggregator.AccountedNoiseMultiplier(spec, sampled, parameterCount)
            : DpDistributedRound.Codec(spec, sampled, parameterCount).AccountedNoiseMultiplier;
        return new SampledWithoutReplacementGaussianEvent(q, multiplier, 1);
    }
}
