using OrleansFed.Grains.Ledger;
using OrleansFed.Grains.Sampling;
using OrleansFed.Interfaces.Api;
using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Grains.DifferentialPrivacy;

/// <summary>
/// The campaign-level privacy cost of a round by privacy mode. <c>dp-central</c>: one subsampled Gaussian step with
/// the accounted multiplier of <see cref="DpCentralAggregator.AccountedNoiseMultiplier"/> and q = <c>sampleFraction</c>
/// under Poisson sampling (its default; the sampling the RDP analysis assumes), else q = sampled / enrolled for the
/// fixed-size subset of <c>sampling=fixed</c> (the usual approximation).
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
        return new SubsampledGaussianEvent(q, multiplier, 1);
    }
}
