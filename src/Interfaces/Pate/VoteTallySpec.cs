using System.Collections.Immutable;

namespace OrleansFed.Interfaces.Pate;

/// <summary>What a vote tally accepts: the batch's queries, the classes, the teacher roster and the vote encoding.</summary>
/// <param name="ClassCount">Number of classes (at least 2).</param>
/// <param name="QueryIds">The batch's query ids (distinct, non-negative).</param>
/// <param name="Teachers">The teachers allowed to vote (distinct, non-empty).</param>
/// <param name="Encoding">How each teacher's vote is encoded.</param>
public sealed record VoteTallySpec(int ClassCount, ImmutableArray<int> QueryIds, ImmutableArray<string> Teachers, VoteEncoding Encoding)
{
    /// <summary>Whether two specs describe the same tally (element-wise, not by array reference).</summary>
    /// <param name="other">The other spec.</param>
    /// <returns><see langword="true"/> if equal.</returns>
    public bool SameAs(VoteTallySpec? other) =>
        other is not null && ClassCount == other.ClassCount && Encoding == other.Encoding
        && QueryIds.SequenceEqual(other.QueryIds) && Teachers.SequenceEqual(other.Teachers, StringComparer.Ordinal);
}
