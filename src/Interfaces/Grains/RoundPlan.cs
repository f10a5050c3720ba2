using System.Collections.Immutable;

namespace OrleansFed.Interfaces.Grains;

/// <summary>What a round attempt is opened with; opening twice with the same plan is a no-op.</summary>
/// <param name="CampaignId">Campaign id.</param>
/// <param name="Round">Round number (1-based).</param>
/// <param name="Attempt">Attempt number (1-based).</param>
/// <param name="Protocol">Aggregation protocol (strategy name), e.g. <c>fedavg</c>.</param>
/// <param name="Selected">Participants selected for this attempt, sorted ordinally.</param>
/// <param name="ParameterCount">Number of model parameters every update must carry.</param>
/// <param name="MinParticipants">Updates needed to close at the deadline.</param>
/// <param name="Deadline">When the attempt stops accepting updates.</param>
public sealed record RoundPlan(
    string CampaignId,
    int Round,
    int Attempt,
    string Protocol,
    ImmutableArray<string> Selected,
    int ParameterCount,
    int MinParticipants,
    DateTimeOffset Deadline)
{
    /// <summary>Canonical aggregation rule spec (e.g. <c>median</c>); <see langword="null"/> = <c>fedavg</c>.</summary>
    public string? Aggregator { get; init; }

    /// <summary>Canonical privacy mode spec of the campaign (e.g. <c>dp-central:sigma=1,clip=0.5,delta=1E-05</c>);
    /// <see langword="null"/> = no privacy mechanism at the silo.</summary>
    public string? Privacy { get; init; }

    /// <summary><c>dp-central</c>: the clipping norm C of this round (fixed, or the adaptive estimate).</summary>
    public double? ClipNorm { get; init; }

    /// <summary><c>dp-central</c> with Poisson sampling: the averaging denominator q·N (the expected sample size). Such
    /// an attempt closes with any number of updates, none included; <see langword="null"/> for every other round.</summary>
    public double? Denominator { get; init; }
}
