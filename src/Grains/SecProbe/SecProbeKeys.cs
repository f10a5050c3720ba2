using System.Globalization;

namespace OrleansFed.Grains.SecProbe;

/// <summary>Grain keys of SecProbe, composed in one place.</summary>
public static class SecProbeKeys
{
    /// <summary>The key of round <paramref name="round"/> of campaign <paramref name="campaignId"/>.</summary>
    /// <param name="campaignId">Campaign.</param>
    /// <param name="round">Round, 1-based.</param>
    public static string Round(string campaignId, int round) =>
        string.Create(CultureInfo.InvariantCulture, $"{campaignId}/secprobe/{round}");
}
