using OrleansFed.Interfaces.Collab;

namespace OrleansFed.Grains.Collab;

/// <summary>
/// Persistent state of a FedCollabNN step grain. Only the running ring sum of accepted shares is kept, never a
/// reconstructed individual loss; a digest per submitter recognises identical replays.
/// </summary>
public sealed class CollabStepState
{
    /// <summary>Roster and rules; <see langword="null"/> until opened.</summary>
    public CollabSpec? Spec { get; set; }

    /// <summary>The open step (= completed steps).</summary>
    public long Step { get; set; }

    /// <summary>Share-submission attempt of the open step (0 while joining).</summary>
    public int Attempt { get; set; }

    /// <summary>The open step's phase.</summary>
    public CollabPhase Phase { get; set; } = CollabPhase.NotOpened;

    /// <summary>Workers that joined the open step.</summary>
    public List<string> Joined { get; set; } = [];

    /// <summary>The fixed membership of the open attempt.</summary>
    public List<string> Members { get; set; } = [];

    /// <summary>Members whose shares of the open attempt were accepted.</summary>
    public List<string> Submitted { get; set; } = [];

    /// <summary>Digest of each accepted submission, same order as <see cref="Submitted"/>.</summary>
    public List<long> Digests { get; set; } = [];

    /// <summary>Ring sum (Z_(2^64)) of the accepted silo shares and partial sums of the open attempt.</summary>
    public ulong Accumulator { get; set; }

    /// <summary>Roster workers dropped from the open step so far.</summary>
    public List<string> Dropped { get; set; } = [];

    /// <summary>When the open phase drops whoever is missing; <see langword="null"/> while nobody has joined the step.</summary>
    public DateTimeOffset? Deadline { get; set; }

    /// <summary>How the previous step ended.</summary>
    public CollabStepOutcome? LastOutcome { get; set; }
}
