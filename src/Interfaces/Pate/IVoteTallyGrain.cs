using OrleansFed.Runtime;

namespace OrleansFed.Interfaces.Pate;

/// <summary>
/// The durable vote tally of one PATE query batch (key: <see cref="PateKeys.VoteTally"/>): per-query histograms and the
/// set of teachers that voted on each query. Every accepted contribution is durable before it is acknowledged.
/// </summary>
public interface IVoteTallyGrain : IGrainWithStringKey
{
    /// <summary>Opens the tally; repeating with the same spec does nothing.</summary>
    /// <param name="spec">Queries, classes, roster and vote encoding.</param>
    /// <returns>A task that completes once the tally is durable.</returns>
    /// <exception cref="Errors.InvalidRequestException">The spec is invalid, or the tally was opened with another spec.</exception>
    Task OpenAsync(VoteTallySpec spec);

    /// <summary>Adds a contribution (all of its queries, or none of them).</summary>
    /// <param name="contribution">The teachers and their summed histograms.</param>
    /// <returns>How many queries were recorded now and how many were replays of identical, earlier contributions.</returns>
    /// <exception cref="DuplicateVoteException">A teacher already voted on a query with a different contribution.</exception>
    /// <exception cref="VoteTallyClosedException">The tally is not open, or is closed.</exception>
    /// <exception cref="Errors.InvalidRequestException">Unknown teacher or query, wrong length, or counts impossible for the encoding.</exception>
    Task<VoteSubmitResult> SubmitAsync(VoteContribution contribution);

    /// <summary>Closes the tally (idempotent) and returns the final histograms.</summary>
    /// <returns>The histograms.</returns>
    /// <exception cref="VoteTallyClosedException">The tally was never opened.</exception>
    Task<VoteTallySnapshot> CloseAsync();

    /// <summary>The current histograms.</summary>
    /// <returns>The histograms (empty when the tally was never opened).</returns>
    Task<VoteTallySnapshot> GetSnapshotAsync();
}
