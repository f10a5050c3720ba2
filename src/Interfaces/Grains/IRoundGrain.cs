using OrleansFed.Runtime;

namespace OrleansFed.Interfaces.Grains;

/// <summary>
/// One attempt of one round (key: <see cref="GrainKeys.Round"/>): the selected participants, the received updates
/// (each stored as its own record through <see cref="IRoundUpdateGrain"/> before it is acknowledged) and the
/// aggregation. Only the owning campaign grain calls it; it never calls the campaign.
/// </summary>
public interface IRoundGrain : IGrainWithStringKey
{
    /// <summary>Opens the attempt with a plan; re-opening with the same plan is a no-op.</summary>
    /// <param name="plan">The plan.</param>
    /// <returns>A task that completes once the plan is durable.</returns>
    /// <exception cref="InvalidOperationException">The attempt was opened with a different plan or is already closed.</exception>
    Task OpenAsync(RoundPlan plan);

    /// <summary>Stores a participant's update durably, unless it already has one (then it is a duplicate).</summary>
    /// <param name="participantId">The participant.</param>
    /// <param name="update">The update (already decoded and checked for finiteness).</param>
    /// <returns>Whether it was a duplicate, and how many updates are stored.</returns>
    /// <exception cref="Errors.RoundClosedException">The attempt is not open.</exception>
    /// <exception cref="Errors.NotSelectedException">The participant is not selected.</exception>
    /// <exception cref="Errors.WrongLengthException">The update has the wrong length.</exception>
    Task<RoundSubmitResult> SubmitAsync(string participantId, Wire.UpdateBlob update);

    /// <summary>
    /// Closes the attempt: aggregates the stored updates with the plan's strategy when there are enough of them
    /// (all selected, or at least the minimum at the deadline), otherwise abandons it. Idempotent.
    /// </summary>
    /// <param name="request">Reason, instant and the current global model.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="InvalidOperationException">The attempt was never opened.</exception>
    Task<RoundCloseResult> CloseAsync(RoundCloseRequest request);

    /// <summary>Gets the attempt's phase and who has submitted.</summary>
    /// <returns>The summary.</returns>
    Task<RoundSummary> GetSummaryAsync();

    /// <summary>Deletes the stored updates once the campaign has durably recorded the round's outcome.</summary>
    /// <returns>A task that completes when the updates are cleared.</returns>
    Task ReleaseUpdatesAsync();
}
