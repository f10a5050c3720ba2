namespace OrleansFed.Interfaces.Pate;

/// <summary>A PATE campaign's progress and spent budget.</summary>
/// <param name="Phase">Where the campaign stands.</param>
/// <param name="QueriesPlanned">Queries in the plan.</param>
/// <param name="QueriesAnswered">Queries that got a label.</param>
/// <param name="QueriesUnanswered">Queries processed without a label (Confident-GNMax below threshold, or no votes).</param>
/// <param name="QueriesRefused">Queries refused because the budget would have been exceeded.</param>
/// <param name="OpenBatch">The batch open for votes, if any.</param>
/// <param name="NextBatch">The number the next opened batch will get.</param>
/// <param name="Epsilon">ε spent by the campaign ledger at <paramref name="Delta"/>.</param>
/// <param name="Delta">δ of the budget.</param>
/// <param name="EpsilonBudget">ε of the budget.</param>
public sealed record PateStatus(
    PatePhase Phase,
    int QueriesPlanned,
    int QueriesAnswered,
    int QueriesUnanswered,
    int QueriesRefused,
    int? OpenBatch,
    int NextBatch,
    double Epsilon,
    double Delta,
    double EpsilonBudget);
