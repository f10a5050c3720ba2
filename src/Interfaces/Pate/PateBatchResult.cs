namespace OrleansFed.Interfaces.Pate;

/// <summary>The result of answering one batch.</summary>
/// <param name="Batch">The batch number.</param>
/// <param name="Answered">Queries that got a label.</param>
/// <param name="BelowThreshold">Queries left unanswered by the threshold step.</param>
/// <param name="NoVotes">Queries nobody voted on.</param>
/// <param name="Refused">Queries refused because the budget would have been exceeded.</param>
/// <param name="Status">The campaign's status afterwards.</param>
public sealed record PateBatchResult(int Batch, int Answered, int BelowThreshold, int NoVotes, int Refused, PateStatus Status);
