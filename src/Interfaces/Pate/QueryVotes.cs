using System.Collections.Immutable;

namespace OrleansFed.Interfaces.Pate;

/// <summary>A vote histogram for one query: the summed vote vectors of the teachers of one contribution.</summary>
/// <param name="QueryId">The query (an index into the campaign's unlabeled public set).</param>
/// <param name="Counts">One count per class; for a single teacher its (one-hot or perturbed) vote vector.</param>
public sealed record QueryVotes(int QueryId, ImmutableArray<int> Counts);
