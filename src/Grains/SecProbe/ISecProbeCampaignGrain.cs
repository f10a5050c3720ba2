using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.SecProbe;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.SecProbe;

/// <summary>
/// A SecProbe campaign served over HTTP (key <see cref="SecProbeKeys.Campaign"/>): the silo pretrains the hidden layer
/// on its named validation set, opens round 1 with those weights and, each time a round has selected, opens the next
/// with the selected average, until the configured number of rounds has run. Participants upload through it; the
/// rounds themselves are <see cref="ISecProbeRoundGrain"/>s.
/// </summary>
public interface ISecProbeCampaignGrain : IGrainWithStringKey
{
    /// <summary>Configures the campaign and opens round 1; repeating with an equal spec does nothing.</summary>
    /// <param name="spec">The configuration.</param>
    /// <returns>The status.</returns>
    /// <exception cref="Interfaces.Errors.InvalidRequestException">The spec is invalid (every violated rule is listed) or differs from the stored one.</exception>
    Task<SecProbeCampaignStatus> ConfigureAsync(SecProbeCampaignSpec spec);

    /// <summary>
    /// Enrolls a participant: a new id (p1, p2, …) and a bearer token, shown only here; the silo keeps its hash. Open
    /// while the campaign runs, so participants may join between rounds.
    /// </summary>
    /// <param name="request">Display name and sample count.</param>
    /// <returns>The id and token.</returns>
    /// <exception cref="Interfaces.Errors.CampaignNotFoundException">The campaign is not configured.</exception>
    /// <exception cref="Interfaces.Errors.CampaignEndedException">Every round has run.</exception>
    /// <exception cref="Interfaces.Errors.InvalidRequestException">The name or sample count is invalid.</exception>
    Task<Enrollment> EnrollAsync(EnrollRequest request);

    /// <summary>
    /// Stops the campaign before its last round: the current round is closed without a selection (accepted participants
    /// keep their receipts and charges, nobody else is taken), the model stays the last selected average, and enrollment
    /// ends. Idempotent; a completed campaign stays completed.
    /// </summary>
    /// <returns>The status.</returns>
    /// <exception cref="Interfaces.Errors.CampaignNotFoundException">The campaign is not configured.</exception>
    Task<SecProbeCampaignStatus> StopAsync();

    /// <summary>The operator's view: spec, current round, finished rounds, selection ε spent.</summary>
    /// <returns>The status.</returns>
    /// <exception cref="Interfaces.Errors.CampaignNotFoundException">The campaign is not configured.</exception>
    Task<SecProbeCampaignStatus> GetStatusAsync();

    /// <summary>What a participant needs before training: the round, whether it still collects, how to train.</summary>
    /// <returns>The view.</returns>
    /// <exception cref="Interfaces.Errors.CampaignNotFoundException">The campaign is not configured.</exception>
    Task<SecProbeRoundView> GetRoundAsync();

    /// <summary>The global weights: the current round's starting point, or the final model once completed.</summary>
    /// <returns>The weights; the version is the number of finished rounds.</returns>
    /// <exception cref="Interfaces.Errors.CampaignNotFoundException">The campaign is not configured.</exception>
    Task<ModelBlob> GetModelAsync();

    /// <summary>
    /// Checks, before the HTTP layer reads an upload's body, that <paramref name="participantId"/> may upload to
    /// <paramref name="round"/>: the round exists and the campaign's per-participant ε cap leaves room (a repeat of an
    /// upload already charged for the round always may).
    /// </summary>
    /// <param name="participantId">The uploader (authenticated by the caller).</param>
    /// <param name="round">The round.</param>
    /// <returns>A task that completes when the upload may be read.</returns>
    /// <exception cref="Interfaces.SecProbe.SecProbeBudgetExhaustedException">Another upload would exceed the cap.</exception>
    Task AdmitUploadAsync(string participantId, int round);

    /// <summary>
    /// Claims one of the current round's M places before training (see <see cref="ISecProbeRoundGrain.ClaimAsync"/>); a
    /// finished round answers stop.
    /// </summary>
    /// <param name="participantId">The claimant (authenticated by the caller).</param>
    /// <param name="round">The round it wants to train for.</param>
    /// <returns>Granted, stop, or retry later.</returns>
    /// <exception cref="Interfaces.Errors.CampaignNotFoundException">The campaign is not configured.</exception>
    /// <exception cref="Interfaces.Errors.RoundClosedException">The round has not started.</exception>
    /// <exception cref="Interfaces.Errors.InvalidRequestException">The round does not exist or the participant id is malformed.</exception>
    Task<SecProbeClaim> ClaimAsync(string participantId, int round);

    /// <summary>Gives back a claimed place of the current round (a participant leaving before it uploads).</summary>
    /// <param name="participantId">The claimant (authenticated by the caller).</param>
    /// <param name="round">The round of the claim; a finished round has nothing to give back.</param>
    /// <returns>A task that completes once the place is free.</returns>
    Task ReleaseClaimAsync(string participantId, int round);

    /// <summary>
    /// Offers a participant's sanitized weights for <paramref name="round"/>. The current round accepts its first M
    /// distinct participants and tells the rest to stop; an upload to a finished round gets that round's answer (the
    /// earlier receipt, or stop).
    /// </summary>
    /// <param name="participantId">The uploader (authenticated by the caller).</param>
    /// <param name="round">The round the weights were trained for.</param>
    /// <param name="weights">The weights (the network's parameter count, finite).</param>
    /// <returns>Accepted with its arrival position, or stop.</returns>
    /// <exception cref="Interfaces.Errors.CampaignNotFoundException">The campaign is not configured.</exception>
    /// <exception cref="Interfaces.Errors.CampaignEndedException">Every round has run.</exception>
    /// <exception cref="Interfaces.Errors.RoundClosedException">The round has not started.</exception>
    /// <exception cref="Interfaces.Errors.WrongLengthException">The weights do not fit the network.</exception>
    /// <exception cref="Interfaces.Errors.InvalidRequestException">Non-finite weights or a malformed participant id.</exception>
    Task<SecProbeUploadReceipt> UploadAsync(string participantId, int round, float[] weights);
}
