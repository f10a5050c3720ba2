using System.Globalization;
using OrleansFed.Grains.Aggregation;
using OrleansFed.Grains.Sampling;
using OrleansFed.Grains.SecAgg;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Grains.DifferentialPrivacy;

/// <summary>Campaign-configuration checks of the DP modes (called by the campaign config validator).</summary>
internal static class DpModeValidation
{
    /// <summary>Checks a <c>dp-sgd</c>/<c>dp-central</c>/<c>dp-distributed</c> spec; adds every problem to
    /// <paramref name="errors"/>.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="aggregator">The parsed aggregation rule.</param>
    /// <param name="parameterCount">The model's size, or <see langword="null"/> when the model is unknown.</param>
    /// <param name="errors">Collected error messages.</param>
    /// <returns>The canonical spec, or the spec unchanged when it is not a DP mode or invalid.</returns>
    public static string? Canonical(CampaignConfig config, AggregatorSpec aggregator, Func<int?> parameterCount, List<string> errors)
    {
        var aggregatorRule = aggregator.Rule;
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

            if (spec.Poisson && config.ParticipantsPerRound is not null)
            {
                errors.Add("privacy dp-central with sampling=poisson samples each participant with probability sampleFraction; " +
                    "participantsPerRound (a cap on the sample) would void that analysis. Use sampleFraction alone, or sampling=fixed.");
            }

            if (spec.Adaptive)
            {
                // The smallest sample a round can have is the one at the minimum enrollment (under Poisson sampling, the
                // smallest expected one); larger ones only relax this.
                var enrolled = Math.Max(1, config.MinEnrolled ?? config.MinParticipants);
                var sampled = spec.Poisson ? RoundSampler.ExpectedSize(config, enrolled) : Math.Max(1, RoundSampler.SampleSize(config, enrolled));
                try
                {
                    _ = DpCentralAggregator.AdaptiveNoise(spec, sampled);
                }
                catch (ArgumentException ex)
                {
                    errors.Add($"privacy: {ex.Message.Split(" (Parameter", 2)[0]}");
                }
            }
        }

        if (spec.Mode == PrivacyModes.DpDistributed)
        {
            SecAggConfigRules.CheckTransport(spec.Transport!, PrivacyModes.DpDistributed, config, aggregator, errors);

            // The round with the smallest sample is checked here; every round re-checks its own before it opens.
            var sampled = RoundSampler.SampleSize(config, Math.Max(1, config.MinEnrolled ?? config.MinParticipants));
            if (sampled >= 2 && parameterCount() is { } d && !DpDistributedRound.TryCodec(spec, sampled, d, out _, out var codecError))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"privacy dp-distributed with {sampled} participants per round: {codecError}"));
            }
        }

        return spec.ToString();
    }
}
