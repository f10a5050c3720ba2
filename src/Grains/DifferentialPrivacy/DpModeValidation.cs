using OrleansFed.Grains.Aggregation;
using OrleansFed.Grains.Sampling;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Grains.DifferentialPrivacy;

/// <summary>Campaign-configuration checks of the two DP modes (called by the campaign config validator).</summary>
internal static class DpModeValidation
{
    /// <summary>Checks a <c>dp-sgd</c>/<c>dp-central</c> spec; adds every problem to <paramref name="errors"/>.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="aggregatorRule">The parsed aggregation rule name.</param>
    /// <param name="errors">Collected error messages.</param>
    /// <returns>The canonical spec, or the spec unchanged when it is not a DP mode or invalid.</returns>
    public static string? Canonical(CampaignConfig config, string aggregatorRule, List<string> errors)
    {
        if (!PrivacyModeSpec.IsDpMode(config.Privacy))
        {
            return config.Privacy;
        }

        if (!PrivacyModeSpec.TryParse(config.Privacy, out var spec, out var error))
        {
            errors.Add($"privacy: {error}");
            return config.Privacy;
        }

        if (spec!.Mode == PrivacyModes.DpCentral)
        {
            if (aggregatorRule is not (AggregatorSpec.FedAvg or AggregatorSpec.FedProx))
            {
                errors.Add($"privacy dp-central averages clipped updates (DP-FedAvg); aggregator must be fedavg or fedprox, not '{aggregatorRule}'.");
            }

            if (spec.Adaptive)
            {
                // The smallest sample a round can have is the one at the minimum enrollment; larger ones only relax this.
                var sampled = RoundSampler.SampleSize(config, Math.Max(1, config.MinEnrolled ?? config.MinParticipants));
                try
                {
                    _ = DpCentralAggregator.AdaptiveNoise(spec, Math.Max(1, sampled));
                }
                catch (ArgumentException ex)
                {
                    errors.Add($"privacy: {ex.Message.Split(" (Parameter", 2)[0]}");
                }
            }
        }

        return spec.ToString();
    }
}
