using OrleansFed.Runtime;

namespace OrleansFed.Interfaces.SecAgg;

/// <summary>
/// The participant-facing secure-aggregation steps of a campaign (key: the campaign id; implemented by the campaign
/// grain). Each checks that the campaign runs the round, that the caller is selected, and forwards to the round's
/// <see cref="ISecAggRoundGrain"/>; a step change re-arms the deadline, a finished attempt closes the round.
/// </summary>
public interface ISecAggCampaignGrain : IGrainWithStringKey
{
    /// <summary>The participant's view of the open secure-aggregation attempt of <paramref name="round"/>.</summary>
    /// <param name="participantId">An authenticated participant.</param>
    /// <param name="round">Round.</param>
    /// <returns>The view.</returns>
    Task<SecAggView> GetSecAggViewAsync(string participantId, int round);

    /// <summary>Step 0.</summary>
    /// <param name="participantId">Sender.</param>
    /// <param name="round">Round.</param>
    /// <param name="keys">Keys.</param>
    /// <returns>The receipt.</returns>
    Task<SecAggAck> AdvertiseKeysAsync(string participantId, int round, SecAggPublicKeys keys);

    /// <summary>Step 1.</summary>
    /// <param name="participantId">Sender.</param>
    /// <param name="round">Round.</param>
    /// <param name="shares">Shares.</param>
    /// <returns>The receipt.</returns>
    Task<SecAggAck> ShareKeysAsync(string participantId, int round, SecAggShareKeys shares);

    /// <summary>Step 2.</summary>
    /// <param name="participantId">Sender.</param>
    /// <param name="round">Round.</param>
    /// <param name="attempt">Attempt.</param>
    /// <param name="maskedInput">Masked vector.</param>
    /// <returns>The receipt.</returns>
    Task<SecAggAck> SubmitMaskedInputAsync(string participantId, int round, int attempt, ReadOnlyMemory<uint> maskedInput);

    /// <summary>Step 3.</summary>
    /// <param name="participantId">Sender.</param>
    /// <param name="round">Round.</param>
    /// <param name="unmasking">Revealed shares.</param>
    /// <returns>The receipt.</returns>
    Task<SecAggAck> UnmaskAsync(string participantId, int round, SecAggUnmasking unmasking);
}
