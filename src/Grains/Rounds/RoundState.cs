using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;

namespace OrleansFed.Grains.Rounds;

/// <summary>
/// Persistent state of one round attempt. It holds only metadata: each update lives in its own
/// <see cref="RoundUpdateGrain"/> record, so accepting an update writes that record plus this small one.
/// </summary>
public sealed class RoundState
{
    /// <summary>Lifecycle phase.</summary>
    public RoundPhase Phase { get; set; } = RoundPhase.NotOpened;

    /// <summary>The plan the attempt was opened with.</summary>
    public RoundPlan? Plan { get; set; }

    /// <summary>Accepted submissions, in arrival order.</summary>
    public List<SubmissionEntry> Submissions { get; set; } = [];

    /// <summary>When the attempt closed.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Why it closed with an aggregate.</summary>
    public CloseReason? CloseReason { get; set; }

    /// <summary>Whether the stored updates were deleted after the campaign recorded the outcome.</summary>
    public bool UpdatesReleased { get; set; }

    /// <summary><c>dp-central</c>: the secret 16-byte key of this attempt's noise stream (AES-CTR), drawn from the OS
    /// CSPRNG at opening so that closing again after a crash adds bitwise the same noise instead of a second,
    /// independent release; wiped when the updates are released.</summary>
    public byte[]? NoiseSeed { get; set; }
}
