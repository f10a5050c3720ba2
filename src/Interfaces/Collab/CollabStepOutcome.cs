using System.Collections.Immutable;

namespace OrleansFed.Interfaces.Collab;

/// <summary>How a step ended.</summary>
/// <param name="Step">The step number (0-based).</param>
/// <param name="Members">The workers whose losses were summed; they backpropagate the average. Empty when skipped.</param>
/// <param name="AverageLoss">The average of the members' (clipped) losses; <see langword="null"/> when the step was skipped.</param>
/// <param name="Dropped">Roster workers left out of the step (absent at the join deadline, or missing at a share deadline), in roster order.</param>
/// <param name="Attempts">Share-submission attempts the step needed (1 unless a member went missing after membership was fixed).</param>
public sealed record CollabStepOutcome(long Step, ImmutableArray<string> Members, double? AverageLoss, ImmutableArray<string> Dropped, int Attempts)
{
    /// <summary>Whether the step was skipped (fewer than the minimum members remained).</summary>
    public bool Skipped => AverageLoss is null;
}
