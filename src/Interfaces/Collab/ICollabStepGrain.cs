using OrleansFed.Runtime;

namespace OrleansFed.Interfaces.Collab;

/// <summary>
/// Synchronises the training steps of one FedCollabNN campaign (key: <see cref="CollabKeys.Steps"/>). Per step,
/// workers join once their minibatch loss is ready; membership is fixed when every roster worker joined or at the
/// deadline (absent workers are dropped from the step); members then submit additive shares, from which the grain
/// reconstructs only the sum of the members' losses and publishes the average. Every accepted call is durable before
/// it is acknowledged, so a restarted grain resumes the step it was in.
/// </summary>
public interface ICollabStepGrain : IGrainWithStringKey
{
    /// <summary>Opens the campaign's step 0; repeating with the same spec does nothing.</summary>
    /// <param name="spec">Roster and step rules.</param>
    /// <returns>The current view.</returns>
    /// <exception cref="Errors.InvalidRequestException">The spec is invalid, or the grain was opened with another spec.</exception>
    Task<CollabStepView> OpenAsync(CollabSpec spec);

    /// <summary>Announces that <paramref name="worker"/>'s loss for <paramref name="step"/> is ready (idempotent).</summary>
    /// <param name="worker">A roster worker.</param>
    /// <param name="step">The open step.</param>
    /// <returns>The view after the join (in <see cref="CollabPhase.Sharing"/> once the last roster worker joined).</returns>
    /// <exception cref="CollabStepConflictException">Not the open step, or its membership is already fixed without this worker.</exception>
    /// <exception cref="Errors.InvalidRequestException">Unknown worker, or the grain is not opened.</exception>
    Task<CollabStepView> JoinAsync(string worker, long step);

    /// <summary>Accepts a member's shares for the open attempt; the last one completes the step.</summary>
    /// <param name="submission">The member's silo share and partial sum.</param>
    /// <returns>The view after the submission; its <see cref="CollabStepView.LastOutcome"/> is this step's once complete.</returns>
    /// <exception cref="CollabStepConflictException">Wrong step or attempt, not sharing, not a member, or a different second submission.</exception>
    /// <exception cref="Errors.InvalidRequestException">Unknown worker, or the grain is not opened.</exception>
    Task<CollabStepView> SubmitSharesAsync(CollabShareSubmission submission);

    /// <summary>The current view, after applying any deadline that has passed.</summary>
    /// <returns>The view.</returns>
    Task<CollabStepView> GetStepAsync();
}
