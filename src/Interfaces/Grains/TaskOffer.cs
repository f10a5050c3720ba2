using OrleansFed.Interfaces.Api;

namespace OrleansFed.Interfaces.Grains;

/// <summary>Answer of <see cref="ICampaignGrain.GetNextTaskAsync"/>.</summary>
/// <param name="Kind">What the participant gets.</param>
/// <param name="Task">The task when <paramref name="Kind"/> is <see cref="TaskOfferKind.Assigned"/>.</param>
/// <param name="State">The campaign's state when the offer was made.</param>
/// <param name="Message">Why the campaign ended, when it did.</param>
public sealed record TaskOffer(TaskOfferKind Kind, TrainingTask? Task, CampaignState State, string? Message = null);
