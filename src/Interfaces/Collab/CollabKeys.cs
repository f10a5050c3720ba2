namespace OrleansFed.Interfaces.Collab;

/// <summary>The one place FedCollabNN grain keys are composed.</summary>
public static class CollabKeys
{
    /// <summary>Key of a campaign's step-synchronisation grain (one per campaign).</summary>
    /// <param name="campaignId">Campaign id (<c>[a-z0-9-]{1,64}</c>, see <see cref="Grains.GrainKeys.IsCampaignId"/>).</param>
    /// <returns>The key, e.g. <c>mnist-1/collab</c>.</returns>
    public static string Steps(string campaignId)
    {
        if (!Grains.GrainKeys.IsCampaignId(campaignId))
        {
            throw new ArgumentException($"'{campaignId}' is not a campaign id.", nameof(campaignId));
        }

        return campaignId + "/collab";
    }
}
