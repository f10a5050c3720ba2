using System.Globalization;

namespace OrleansFed.Interfaces.SecAgg;

/// <summary>Grain keys of the secure-aggregation grains.</summary>
public static class SecAggKeys
{
    /// <summary>The secure-aggregation state of one round attempt: the round attempt's key.</summary>
    /// <param name="campaignId">Campaign.</param>
    /// <param name="round">Round.</param>
    /// <param name="attempt">Attempt.</param>
    /// <returns>The key.</returns>
    public static string Round(string campaignId, int round, int attempt) => Grains.GrainKeys.Round(campaignId, round, attempt);

    /// <summary>One stored step message.</summary>
    /// <param name="roundKey">The round attempt's key.</param>
    /// <param name="phase">The step.</param>
    /// <param name="participantId">The sender.</param>
    /// <returns>The key.</returns>
    public static string Record(string roundKey, SecAggPhase phase, string participantId) =>
        string.Create(CultureInfo.InvariantCulture, $"{roundKey}/secagg/{(int)phase}/{participantId}");
}
