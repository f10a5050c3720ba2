using System.Collections.Immutable;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Runtime;

namespace OrleansFed.Interfaces.Grains;

/// <summary>
/// One training campaign (key: <see cref="GrainKeys.Campaign"/>): configuration, lifecycle, global model checkpoint,
/// round history. It drives its rounds: it is the only caller of its round grains, which never call back, so calls
/// flow one way and non-reentrant grains cannot deadlock.
/// </summary>
public interface ICampaignGrain : IGrainWithStringKey
{
    /// <summary>Creates the campaign with a validated configuration and the seeded initial model (version 0).</summary>
    /// <param name="config">The configuration; its <see cref="CampaignConfig.Id"/> must equal this grain's key.</param>
    /// <returns>The new campaign's status (state <see cref="CampaignState.Created"/>).</returns>
    /// <exception cref="Errors.CampaignExistsException">A campaign with this id already exists.</exception>
    /// <exception cref="Errors.InvalidRequestException">The configuration is invalid.</exception>
    Task<CampaignStatus> CreateAsync(CampaignConfig config);

    /// <summary>Gets the campaign's status.</summary>
    /// <returns>The status, or <see langword="null"/> if no campaign with this id exists.</returns>
    Task<CampaignStatus?> GetStatusAsync();

    /// <summary>Pauses a running campaign: no tasks are handed out and updates are refused until it resumes.</summary>
    /// <returns>The status after the transition.</returns>
    /// <exception cref="Errors.IllegalTransitionException">The campaign is not running.</exception>
    /// <exception cref="Errors.CampaignNotFoundException">No such campaign.</exception>
    Task<CampaignStatus> PauseAsync();

    /// <summary>Resumes a paused campaign; the open round attempt gets a fresh deadline.</summary>
    /// <returns>The status after the transition.</returns>
    /// <exception cref="Errors.IllegalTransitionException">The campaign is not paused.</exception>
    /// <exception cref="Errors.CampaignNotFoundException">No such campaign.</exception>
    Task<CampaignStatus> ResumeAsync();

    /// <summary>Stops the campaign for good (from Created, Running or Paused).</summary>
    /// <returns>The status after the transition.</returns>
    /// <exception cref="Errors.IllegalTransitionException">The campaign has already ended.</exception>
    /// <exception cref="Errors.CampaignNotFoundException">No such campaign.</exception>
    Task<CampaignStatus> StopAsync();

    /// <summary>Gets the completed rounds, each exactly once, in round order.</summary>
    /// <returns>The history.</returns>
    /// <exception cref="Errors.CampaignNotFoundException">No such campaign.</exception>
    Task<ImmutableArray<RoundRecord>> GetHistoryAsync();

    /// <summary>Gets the current global model.</summary>
    /// <returns>The model with its version.</returns>
    /// <exception cref="Errors.CampaignNotFoundException">No such campaign.</exception>
    Task<ModelBlob> GetModelAsync();

    /// <summary>Enrolls a participant and issues its bearer token (returned once, stored only as a hash).</summary>
    /// <param name="request">Name and sample count.</param>
    /// <returns>The participant id and token.</returns>
    /// <exception cref="Errors.CampaignNotFoundException">No such campaign.</exception>
    /// <exception cref="Errors.CampaignEndedException">The campaign has ended.</exception>
    /// <exception cref="Errors.InvalidRequestException">The request is invalid.</exception>
    Task<Enrollment> EnrollAsync(EnrollRequest request);

    /// <summary>Tells an (already authenticated) participant what to do next.</summary>
    /// <param name="participantId">The participant.</param>
    /// <returns>A task, nothing yet, or the end of the campaign.</returns>
    /// <exception cref="Errors.CampaignNotFoundException">No such campaign.</exception>
    Task<TaskOffer> GetNextTaskAsync(string participantId);

    /// <summary>
    /// Accepts an (already authenticated) participant's update for the open attempt of <see cref="UpdateBlob.Round"/>.
    /// Returns only once the update is durable; closes the round when every selected participant has submitted.
    /// A rejected update changes nothing.
    /// </summary>
    /// <param name="participantId">The participant.</param>
    /// <param name="update">The decoded, finite update.</param>
    /// <returns>The receipt.</returns>
    /// <exception cref="Errors.CampaignNotFoundException">No such campaign.</exception>
    /// <exception cref="Errors.RoundClosedException">The round is not open (closed, not started, paused or ended).</exception>
    /// <exception cref="Errors.NotSelectedException">The participant is not selected for the open attempt.</exception>
    /// <exception cref="Errors.WrongLengthException">The update's length differs from the model's parameter count.</exception>
    Task<SubmitReceipt> SubmitUpdateAsync(string participantId, UpdateBlob update);

    /// <summary>Re-drives the campaign from its durable state (closes an overdue round, re-arms the deadline). Called by
    /// the silo at start-up for every registered campaign; reminders call it too.</summary>
    /// <returns>The status after re-driving, or <see langword="null"/> if no campaign with this id exists.</returns>
    Task<CampaignStatus?> ResumeFromStorageAsync();
}
