using System.Collections.Immutable;

namespace OrleansFed.Interfaces.Grains;

/// <summary>Inspectable state of one round attempt (no update contents).</summary>
/// <param name="Phase">Lifecycle phase.</param>
/// <param name="Selected">Selected participants.</param>
/// <param name="Submitted">Participants whose updates are stored, sorted ordinally.</param>
/// <param name="Samples">Total sample count of the stored updates.</param>
public sealed record RoundSummary(RoundPhase Phase, ImmutableArray<string> Selected, ImmutableArray<string> Submitted, long Samples);
