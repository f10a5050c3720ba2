using OrleansFed.Interfaces.Api;
using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Grains.Campaigns;

/// <summary>
/// Persistent state of a campaign grain. Deliberately small: the model lives in <see cref="CheckpointState"/> and each
/// update in its own record, so this state is rewritten cheaply at every transition.
/// </summary>
public sealed class CampaignGrainState
{
    /// <summary>Normalized configuration.</summary>
    public CampaignConfig? Config { get; set; }

    /// <summary>Lifecycle state.</summary>
    public CampaignState State { get; set; }

    /// <summary>Explanation of the state, e.g. why it failed.</summary>
    public string? Message { get; set; }

    /// <summary>Creation instant.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Number of model parameters.</summary>
    public int ParameterCount { get; set; }

    /// <summary>Enrolled participant ids in enrollment order.</summary>
    public List<string> Participants { get; set; } = [];

    /// <summary>Current round (0 before round 1).</summary>
    public int CurrentRound { get; set; }

    /// <summary>Current attempt of <see cref="CurrentRound"/>.</summary>
    public int CurrentAttempt { get; set; }

    /// <summary>Whether an attempt of <see cref="CurrentRound"/> is in progress.</summary>
    public bool AttemptOpen { get; set; }

    /// <summary>Participants selected for the open attempt, sorted ordinally.</summary>
    public List<string> Selected { get; set; } = [];

    /// <summary>Deadline of the open attempt.</summary>
    public DateTimeOffset Deadline { get; set; }

    /// <summary>Local training settings of the open attempt, as the strategy configured them.</summary>
    public FitSettings Fit { get; set; } = new();

    /// <summary>Number of completed rounds.</summary>
    public int CompletedRounds { get; set; }

    /// <summary>Version of the current global model (equals <see cref="CompletedRounds"/>).</summary>
    public long ModelVersion { get; set; }

    /// <summary>Completed rounds, each exactly once, in order.</summary>
    public List<RoundRecord> History { get; set; } = [];

    /// <summary>The privacy mechanism event the open round will cause (recorded in the campaign's ledger when the round
    /// commits); <see langword="null"/> when the round uses no accounted mechanism.</summary>
    public PrivacyEvent? PendingPrivacyEvent { get; set; }

    /// <summary>Public Paillier key material and decryption status (paillier privacy mode only).</summary>
    public Paillier.PaillierCampaignState Paillier { get; set; } = new();

    /// <summary>The campaign's ε after the last committed round (DP modes or a budget); <see langword="null"/> before.</summary>
    public double? Epsilon { get; set; }

    /// <summary><c>dp-sgd</c>: each participant's ε after its latest accepted update, by participant id.</summary>
    public Dictionary<string, double>? ParticipantEpsilon { get; set; }

    /// <summary><c>dp-central</c> with adaptive clipping: the clipping norm of the next round.</summary>
    public double? DpClipNorm { get; set; }

    /// <summary><c>dp-central</c> with Poisson sampling: the open attempt's averaging denominator q·N, N counted when
    /// it was planned; <see langword="null"/> otherwise (the denominator is then the number selected).</summary>
    public double? DpDenominator { get; set; }
}
