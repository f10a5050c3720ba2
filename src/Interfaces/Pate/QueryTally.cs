using System.Collections.Immutable;

namespace OrleansFed.Interfaces.Pate;

/// <summary>The summed histogram of one query and the teachers whose votes it holds.</summary>
/// <param name="QueryId">The query.</param>
/// <param name="Counts">Summed count per class.</param>
/// <param name="Voters">The distinct teachers whose votes are in <see cref="Counts"/>, in roster order (who took part is
/// not secret; how each voted is).</param>
public sealed record QueryTally(int QueryId, ImmutableArray<long> Counts, ImmutableArray<string> Voters)
{
    /// <summary>Number of teachers that voted.</summary>
    public int VoterCount => Voters.IsDefault ? 0 : Voters.Length;
}
