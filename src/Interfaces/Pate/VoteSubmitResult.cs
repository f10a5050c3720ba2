namespace OrleansFed.Interfaces.Pate;

/// <summary>The outcome of an accepted contribution; returned only once it is durable.</summary>
/// <param name="QueriesRecorded">Queries whose histogram was added now.</param>
/// <param name="QueriesAlreadyRecorded">Queries for which the identical contribution had been recorded before (a replay).</param>
public sealed record VoteSubmitResult(int QueriesRecorded, int QueriesAlreadyRecorded);
