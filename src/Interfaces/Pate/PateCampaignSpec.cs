using System.Collections.Immutable;

namespace OrleansFed.Interfaces.Pate;

/// <summary>The configuration of a PATE campaign: the query plan, the teachers, the mechanism and the budget.</summary>
public sealed record PateCampaignSpec
{
    /// <summary>Number of classes (at least 2).</summary>
    public int ClassCount { get; init; }

    /// <summary>The query plan: ids of the unlabeled public samples, answered in this order (distinct, non-negative).</summary>
    public ImmutableArray<int> QueryIds { get; init; } = [];

    /// <summary>Queries per batch (one vote tally per batch).</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>The teacher ids (distinct; each gets a privacy ledger).</summary>
    public ImmutableArray<string> Teachers { get; init; } = [];

    /// <summary>The aggregation mechanism.</summary>
    public PateAggregatorSpec Aggregator { get; init; } = PateAggregatorSpec.LnMax(0.05);

    /// <summary>The analysis recorded for central mechanisms.</summary>
    public PateAccounting Accounting { get; init; } = PateAccounting.DataDependent;

    /// <summary>The ε of the campaign's budget.</summary>
    public double Epsilon { get; init; }

    /// <summary>The δ at which ε is measured.</summary>
    public double Delta { get; init; } = 1e-5;

    /// <summary>Whether two specs are equal element-wise (not by array reference).</summary>
    /// <param name="other">The other spec.</param>
    /// <returns><see langword="true"/> if equal.</returns>
    public bool SameAs(PateCampaignSpec? other) =>
        other is not null && ClassCount == other.ClassCount && BatchSize == other.BatchSize && Aggregator == other.Aggregator
        && Accounting == other.Accounting && Epsilon.Equals(other.Epsilon) && Delta.Equals(other.Delta)
        && QueryIds.SequenceEqual(other.QueryIds) && Teachers.SequenceEqual(other.Teachers, StringComparer.Ordinal);
}
