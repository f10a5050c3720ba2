using System.Collections.Immutable;

namespace OrleansFed.Interfaces.Pate;

/// <summary>The histograms of a batch, in the order of the batch's query ids.</summary>
/// <param name="Closed">Whether the tally is closed (no more votes accepted).</param>
/// <param name="Queries">One tally per query of the batch.</param>
public sealed record VoteTallySnapshot(bool Closed, ImmutableArray<QueryTally> Queries);
