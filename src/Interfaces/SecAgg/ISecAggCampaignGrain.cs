using OrleansFed.Runtime;

namespace OrleansFed.Interfaces.SecAgg;

/// <summary>
/// The participant-facing secure-aggregation steps of a campaign (key: the campaign id; implemented by the campaign
/// grain). Each checks that the campaign runs the round, that the caller is selected, and forwards to the round's
/// <see cref="ISecAggRoundGrain"/>; a step change re-arms the deadline, a finished attempt closes the round. The view and
/// the four step methods interleave, so a step's concurrent messages reach the round grain together.
/// </summary>
public interface ISecAggCampaignGrain : IGrainWithStringKey
{
    /// <summary>The participant's view of the open secure-aggregation attempt of <paramref name="round"/>.</summary>
    /// <param name="participantId">An authenticated participant.</param>
    /// <param name="round">Round.</param>
    /// <returns>The view.</returns>
    [AlwaysInterleave]
    Task<SecAggView> GetSecAggViewAsync(string participantId, int round);

    /// <summary>Step 0.</summary>
    /// <param name="participantId">Sender.</param>
    /// <param name="round">Round.</param>
    /// <param name="keys">Keys.</param>
    /// <returns>The receipt.</returns>
    [AlwaysInterleave]
    Task<SecAggAck> AdvertiseKeysAsync(string participantId, int round, SecAggPublicKeys keys);

    /// <summary>Step 1.</summary>
    /// <param name="participantId">Sender.</param>
    /// <param name="round">Round.</param>
    /// <param name="shares">Shares.</param>
    /// <returns>The receipt.</returns>
    [AlwaysInterleave]
    Task<SecAggAck> ShareKeysAsync(string participantId, int round, SecAggShareKeys shares);

    /// <summary>Step 2.</summary>
    /// <param name="participantId">Sender.</param>
    /// <param name="round">Round.</param>
    /// <param name="attempt">Attempt.</param>
    /// <param name="maskedInput">Masked vector.</param>
    /// <returns>The receipt.</returns>
    [AlwaysInterleave]
    Task<SecAggAck> SubmitMaskedInputAsync(string participantId, int round, int attempt, ReadOnlyMemory<uint> maskedInput);

    /// <summary>Step 3.</summary>
    /// <param name="participantId">Sender.</param>
    /// <param name="round">Round.</param>
    /// <param name="unmasking">Revealed shares.</param>
    /// <returns>The receipt.</returns>
    [AlwaysInterleave]
    Task<SecAggAck> UnmaskAsync(string participantId, int round, SecAggUnmasking unmasking);

    /// <summary>The full check of a step message or view request (campaign running the round, caller selected, and for
    /// <c>dp-distributed</c> the attempt charged when <paramref name="charge"/>), as a non-interleaved turn. Called by the
    /// campaign itself when its interleaved step methods hold no valid admission.</summary>
    /// <param name="participantId">Sender.</param>
    /// <param name="round">Round.</param>
    /// <param name="attempt">Attempt, when the message names one.</param>
    /// <param name="charge">Whether the attempt's privacy event must be in the ledger first.</param>
    /// <returns>The setup to forward with.</returns>
    Task<SecAggRoundSetup> AdmitSecAggStepAsync(string participantId, int round, int? attempt, bool charge);

    /// <summary>After a step message changed the step or finished the attempt: re-arm the deadline, wake pollers, or
    /// close the round, as a non-interleaved turn. Called by the campaign itself.</summary>
    /// <param name="round">Round of the message.</param>
    /// <param name="attempt">Attempt of the message.</param>
    /// <param name="outcome">The round grain's outcome.</param>
    /// <returns>A task.</returns>
    Task SecAggStepDoneAsync(int round, int attempt, SecAggStepOutcome outcome);
}
