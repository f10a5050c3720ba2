using System.Collections.Immutable;

namespace OrleansFed.Interfaces.Pate;

/// <summary>A batch of queries open for votes. Teachers vote on its tally grain (<see cref="PateKeys.VoteTally"/>).</summary>
/// <param name="Batch">The batch number (0-based).</param>
/// <param name="QueryIds">The queries to vote on.</param>
/// <param name="ClassCount">Number of classes.</param>
/// <param name="Encoding">How teachers encode their votes.</param>
public sealed record PateBatch(int Batch, ImmutableArray<int> QueryIds, int ClassCount, VoteEncoding Encoding);
