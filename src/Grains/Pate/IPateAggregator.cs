using System.Collections.Immutable;
using OrleansFed.Interfaces.Pate;
using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Grains.Pate;

/// <summary>
/// A PATE aggregation mechanism: turns one query's vote histogram into a label (or none) and names the privacy events
/// that release costs. Mechanisms draw noise only from the secure samplers of <c>OrleansFed.Privacy.Mechanisms</c>; the
/// accountant, not the mechanism, turns events into (ε, δ). An instance holds a random source and is not thread-safe.
/// </summary>
public interface IPateAggregator
{
    /// <summary>The mechanism.</summary>
    PateAggregatorKind Kind { get; }

    /// <summary>How teachers encode the votes this mechanism expects.</summary>
    VoteEncoding Encoding { get; }

    /// <summary>Whether <see cref="MaximalCost"/> depends on the histogram (data-dependent accounting).</summary>
    bool CostDependsOnVotes { get; }

    /// <summary>
    /// The events answering this query may record at most — charged against the budget before any noise is drawn,
    /// so an answer that could exceed the budget is never computed.
    /// </summary>
    /// <param name="counts">The histogram (one count per class).</param>
    /// <returns>The events.</returns>
    ImmutableArray<PrivacyEvent> MaximalCost(ReadOnlySpan<double> counts);

    /// <summary>Answers one query.</summary>
    /// <param name="counts">The histogram (one count per class).</param>
    /// <returns>The label (or none) and the events actually incurred, a sub-list of <see cref="MaximalCost"/>.</returns>
    PateAnswer Answer(ReadOnlySpan<double> counts);
}
