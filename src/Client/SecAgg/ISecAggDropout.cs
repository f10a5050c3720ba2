namespace OrleansFed.Client.SecAgg;

/// <summary>Simulated dropout under secure aggregation: whether a node vanishes after the share-keys step.</summary>
public interface ISecAggDropout
{
    /// <summary>Whether party <paramref name="partyId"/> drops out of this round attempt after sending its shares.</summary>
    /// <param name="round">Round.</param>
    /// <param name="attempt">Attempt.</param>
    /// <param name="parties">Every party in the key roster (U1), ascending.</param>
    /// <param name="partyId">This node's party id.</param>
    /// <returns>Whether it drops.</returns>
    bool DropsAfterShareKeys(int round, int attempt, IReadOnlyList<int> parties, int partyId);
}
