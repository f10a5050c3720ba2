using System.Collections.Immutable;

namespace OrleansFed.Interfaces.Collab;

/// <summary>A snapshot of a campaign's step synchronisation.</summary>
/// <param name="Phase">The current step's phase.</param>
/// <param name="Step">The current (open) step number; equals the number of completed steps.</param>
/// <param name="Attempt">The share-submission attempt of the current step (0 while joining).</param>
/// <param name="Joined">Workers that joined the current step, in roster order.</param>
/// <param name="Members">The fixed membership once <see cref="CollabPhase.Sharing"/>, else empty.</param>
/// <param name="Submitted">Members whose shares of the current attempt were accepted, in roster order.</param>
/// <param name="Deadline">When the current phase drops whoever is missing.</param>
/// <param name="LastOutcome">The outcome of the previous step, if any.</param>
public sealed record CollabStepView(
    CollabPhase Phase,
    long Step,
    int Attempt,
    ImmutableArray<string> Joined,
    ImmutableArray<string> Members,
    ImmutableArray<string> Submitted,
    DateTimeOffset Deadline,
    CollabStepOutcome? LastOutcome);
