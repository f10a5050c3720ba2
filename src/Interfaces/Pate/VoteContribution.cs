using System.Collections.Immutable;

namespace OrleansFed.Interfaces.Pate;

/// <summary>
/// One contribution to a vote tally: histograms for one or more queries of a batch, summed over the votes of
/// <see cref="Teachers"/>. The same shape carries both kinds of contribution:
/// <list type="bullet">
/// <item>a <b>single teacher's vote</b> (<see cref="Teachers"/> has one id; <see cref="QueryVotes.Counts"/> is its one-hot
/// vector, or its locally perturbed vector under Zhao's variant) — test mode and the local-geometric protocol;</item>
/// <item>an <b>aggregated histogram</b> (<see cref="Teachers"/> lists every teacher whose masked one-hot vector entered a
/// secure-aggregation sum) — the masks cancel in the sum, so the silo only ever holds the cohort's histogram.</item>
/// </list>
/// A teacher votes at most once per query: a teacher may appear in only one accepted contribution per query.
/// </summary>
/// <param name="Teachers">The teachers whose votes are summed (distinct, non-empty).</param>
/// <param name="Queries">The histograms, at most one per query.</param>
public sealed record VoteContribution(ImmutableArray<string> Teachers, ImmutableArray<QueryVotes> Queries)
{
    /// <summary>Whether this contribution sums the votes of more than one teacher.</summary>
    public bool IsAggregate => !Teachers.IsDefault && Teachers.Length > 1;

    /// <summary>A single teacher's one-hot votes: <paramref name="labels"/>[i] is its class for <paramref name="queryIds"/>[i].</summary>
    /// <param name="teacher">The teacher id.</param>
    /// <param name="classCount">The number of classes.</param>
    /// <param name="queryIds">The queries.</param>
    /// <param name="labels">The teacher's predicted class per query.</param>
    /// <returns>The contribution.</returns>
    public static VoteContribution OneHot(string teacher, int classCount, ReadOnlySpan<int> queryIds, ReadOnlySpan<int> labels)
    {
        if (queryIds.Length != labels.Length)
        {
            throw new ArgumentException("One label per query is required.", nameof(labels));
        }

        var queries = ImmutableArray.CreateBuilder<QueryVotes>(queryIds.Length);
        for (int i = 0; i < queryIds.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"A label must lie in [0, {classCount}).");
            }

            var counts = new int[classCount];
            counts[labels[i]] = 1;
            queries.Add(new QueryVotes(queryIds[i], ImmutableArray.Create(counts)));
        }

        return new VoteContribution([teacher], queries.MoveToImmutable());
    }
}
