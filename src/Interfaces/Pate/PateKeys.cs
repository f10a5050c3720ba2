using System.Globalization;
using OrleansFed.Interfaces.Grains;

namespace OrleansFed.Interfaces.Pate;

/// <summary>
/// The one place PATE grain keys are composed. Campaign ids match <c>[a-z0-9-]{1,64}</c> (see
/// <see cref="GrainKeys.IsCampaignId"/>), so '/' separates the parts unambiguously.
/// </summary>
public static class PateKeys
{
    /// <summary>Key of a campaign's PATE query/answer coordinator grain.</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <returns>The key, e.g. <c>mnist-1</c>.</returns>
    public static string Coordinator(string campaignId) => campaignId;

    /// <summary>Key of the vote-tally grain of one query batch of a campaign.</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="batch">Batch number (0-based, in the order of the query plan).</param>
    /// <returns>The key, e.g. <c>mnist-1/pate/b3</c>.</returns>
    public static string VoteTally(string campaignId, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        return string.Create(CultureInfo.InvariantCulture, $"{campaignId}/pate/b{batch}");
    }
}
