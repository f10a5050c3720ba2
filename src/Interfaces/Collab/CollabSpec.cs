using System.Collections.Immutable;

namespace OrleansFed.Interfaces.Collab;

/// <summary>What a FedCollabNN campaign's step grain synchronises: the worker roster and the step rules.</summary>
/// <param name="Workers">The workers (distinct participant ids, <c>p</c> and digits), at least 2.</param>
/// <param name="StepDeadline">How long each phase of a step (join, share submission) waits for workers before it drops the missing ones.</param>
/// <param name="MinMembers">Fewest workers a step's loss sum may be reconstructed from (at least 2, so no single loss is revealed); a step with fewer is skipped.</param>
/// <param name="LossClip">Losses are clipped to [−LossClip, LossClip] before fixed-point encoding (the reported average is of clipped losses).</param>
public sealed record CollabSpec(ImmutableArray<string> Workers, TimeSpan StepDeadline, int MinMembers, double LossClip)
{
    /// <summary>Bits of the ring Z_(2^k) the losses are encoded and shared in.</summary>
    public const int RingBits = 64;

    /// <summary>Default loss clip: far above any softmax cross-entropy a training step produces in practice.</summary>
    public const double DefaultLossClip = 1000;

    /// <summary>Whether two specs are equal element-wise (not by array reference).</summary>
    /// <param name="other">The other spec.</param>
    /// <returns><see langword="true"/> if equal.</returns>
    public bool SameAs(CollabSpec? other) =>
        other is not null && StepDeadline == other.StepDeadline && MinMembers == other.MinMembers
        && LossClip.Equals(other.LossClip) && Workers.SequenceEqual(other.Workers, StringComparer.Ordinal);
}
