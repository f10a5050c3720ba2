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
}
