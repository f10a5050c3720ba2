using System.Collections.Immutable;

namespace OrleansFed.Interfaces.SecAgg;

/// <summary>What the campaign hands its secure-aggregation round grain with every call; fixed per attempt.</summary>
/// <param name="CampaignId">Campaign.</param>
/// <param name="Round">Round.</param>
/// <param name="Attempt">Attempt.</param>
/// <param name="Selected">Selected participants, sorted ordinally; party id = index + 1.</param>
/// <param name="ParameterCount">Model parameters d.</param>
/// <param name="Spec">The campaign's privacy spec (<c>secagg:…</c>).</param>
/// <param name="MinParticipants">Fewest advertisers step 0 may close with.</param>
/// <param name="AdvertiseDeadline">When step 0 closes at the latest (the attempt's deadline).</param>
public sealed record SecAggRoundSetup(
    string CampaignId,
    int Round,
    int Attempt,
    ImmutableArray<string> Selected,
    int ParameterCount,
    string Spec,
    int MinParticipants,
    DateTimeOffset AdvertiseDeadline);
