namespace OrleansFed.Grains.Registry;

/// <summary>Persistent state of the campaign registry.</summary>
public sealed class CampaignRegistryState
{
    /// <summary>Campaign ids in creation order.</summary>
    public List<string> CampaignIds { get; set; } = [];
}
