using OrleansFed.Grains.Aggregation;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Grains.Paillier;

/// <summary>Campaign-configuration rules of the <c>paillier</c> privacy mode.</summary>
internal static class PaillierConfigRules
{
    /// <summary>Every violated rule of a paillier campaign's <paramref name="config"/> (empty when valid).</summary>
    public static IEnumerable<string> Errors(CampaignConfig config)
    {
        if (!PaillierModeSpec.TryParse(config.Privacy, out _, out var error))
        {
            yield return "privacy: " + error;
        }

        if (config.Aggregator is not null && AggregatorSpec.TryParse(config.Aggregator, out var aggregator, out _) && aggregator.Rule != AggregatorSpec.FedAvg)
        {
            yield return $"privacy 'paillier' needs aggregator fedavg: the silo sees only the encrypted sum, so '{aggregator.Rule}' cannot run.";
        }

        if (!string.Equals(config.Protocol, CampaignConfig.DefaultProtocol, StringComparison.OrdinalIgnoreCase))
        {
            yield return "privacy 'paillier' needs protocol fedavg.";
        }
    }
}
