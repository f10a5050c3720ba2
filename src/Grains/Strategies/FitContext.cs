using System.Collections.Immutable;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Grains.Strategies;

/// <summary>What a strategy knows when it configures a round attempt.</summary>
/// <param name="Config">The campaign's configuration (defaults filled in).</param>
/// <param name="Round">Round number (1-based).</param>
/// <param name="Attempt">Attempt number (1-based).</param>
/// <param name="Enrolled">Enrolled participant ids in enrollment order.</param>
public sealed record FitContext(CampaignConfig Config, int Round, int Attempt, ImmutableArray<string> Enrolled);
