namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>End of round 0, server → every client: who advertised keys, and the neighbour graph over them.</summary>
/// <param name="Parties">Every advertisement accepted (the set U1).</param>
/// <param name="Graph">The neighbour graph over U1.</param>
public sealed record KeyRoster(IReadOnlyList<AdvertiseKeysMessage> Parties, NeighbourGraph Graph);
