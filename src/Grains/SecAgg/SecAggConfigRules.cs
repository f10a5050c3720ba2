using System.Globalization;
using OrleansFed.Grains.Aggregation;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Grains.SecAgg;

/// <summary>Campaign-configuration rules of the <c>secagg</c> privacy mode.</summary>
internal static class SecAggConfigRules
{
    /// <summary>Rules whose result depends only on the mean of the updates, so they can run on the secure sum.</summary>
    private static readonly string[] s_meanRules = [AggregatorSpec.FedAvg, "fedprox", "fedadam", "fedyogi"];

    /// <summary>Checks the secagg settings against the rest of the configuration; returns the canonical spec.</summary>
    public static string? Validate(CampaignConfig config, AggregatorSpec aggregator, List<string> errors)
    {
        if (!SecAggSpec.TryParse(config.Privacy, out var spec, out var error))
        {
            errors.Add($"privacy: {error}");
            return config.Privacy;
        }

        CheckTransport(spec, PrivacyModes.SecAgg, config, aggregator, errors);
        return spec.ToString();
    }

    /// <summary>The rules of a mode that runs over secure aggregation (<c>secagg</c>, <c>dp-distributed</c>).</summary>
    public static void CheckTransport(SecAggSpec spec, string mode, CampaignConfig config, AggregatorSpec aggregator, List<string> errors)
    {
        if (!s_meanRules.Contains(aggregator.Rule, StringComparer.Ordinal))
        {
            errors.Add($"privacy '{mode}' needs a mean-based aggregator ({string.Join(", ", s_meanRules)}); '{aggregator.Rule}' must see individual updates.");
        }

        if (config.MinParticipants < 3)
        {
            errors.Add($"privacy '{mode}' needs minParticipants of at least 3 (a threshold of 2 and one more party).");
        }
        else if (spec.Threshold is { } t && config.MinParticipants < t + 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"privacy '{mode}' with threshold {t} needs minParticipants of at least {t + 1}."));
        }
    }
}
