using System.Collections.Immutable;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Grains.Strategies;

/// <summary>What a strategy knows when it configures a round attempt.</summary>
/// <param name="Config">The campaign's configuration (defaults filled in).</param>
/// <param name="Round">Round number (1-based).</param>
/// <param name="Attempt">Attempt number (1-based).</param>
/// <param name="Enrolled">Candidate participant ids in enrollment order: the enrolled participants, or the round's sample
/// when the campaign samples (<see cref="Sampling.RoundSampler"/>).</param>
public sealed record FitContext(CampaignConfig Config, int Round, int Attempt, ImmutableArray<string> Enrolled);
