using System.Collections.Immutable;

namespace OrleansFed.Interfaces.SecProbe;

/// <summary>A finished SecProbe round, as the operator sees it (no scores: they are not differentially private).</summary>
/// <param name="Round">Round number.</param>
/// <param name="Accepted">The M accepted participants in arrival order.</param>
/// <param name="Selected">The K selected participants in draw order (the exponential mechanism's output).</param>
public sealed record SecProbeRoundSummary(int Round, ImmutableArray<string> Accepted, ImmutableArray<string> Selected);
