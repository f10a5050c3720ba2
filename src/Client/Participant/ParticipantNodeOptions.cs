namespace OrleansFed.Client.Participant;

/// <summary>Settings of a <see cref="ParticipantNode"/>.</summary>
public sealed class ParticipantNodeOptions
{
    /// <summary>Default <see cref="PollWait"/> (30 s).</summary>
    public static readonly TimeSpan DefaultPollWait = TimeSpan.FromSeconds(30);

    /// <summary>Default <see cref="GiveUpAfter"/> (10 minutes).</summary>
    public static readonly TimeSpan DefaultGiveUpAfter = TimeSpan.FromMinutes(10);

    /// <summary>Default <see cref="ReconnectBaseDelay"/> (500 ms).</summary>
    public static readonly TimeSpan DefaultReconnectBaseDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>Default <see cref="ReconnectMaxDelay"/> (10 s).</summary>
    public static readonly TimeSpan DefaultReconnectMaxDelay = TimeSpan.FromSeconds(10);

    /// <summary>Campaign to work for.</summary>
    public required string CampaignId { get; init; }

    /// <summary>Display name sent at enrollment (not a secret; appears in logs).</summary>
    public required string Name { get; init; }

    /// <summary>
    /// Directory where the node keeps its enrollment (participant id and token, file mode 0600) so a restarted node
    /// resumes the same identity; <see langword="null"/> keeps it in memory only.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>How long each long poll for a task may wait at the silo (at most 60 s).</summary>
    public TimeSpan PollWait { get; init; } = DefaultPollWait;

    /// <summary>
    /// How long the node keeps reconnecting while the silo is unreachable or failing before it gives up with
    /// <see cref="SiloUnreachableException"/>; measured from the last successful exchange.
    /// </summary>
    public TimeSpan GiveUpAfter { get; init; } = DefaultGiveUpAfter;

    /// <summary>First reconnect delay; doubles per consecutive failure, with jitter.</summary>
    public TimeSpan ReconnectBaseDelay { get; init; } = DefaultReconnectBaseDelay;

    /// <summary>Upper bound of one reconnect delay.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = DefaultReconnectMaxDelay;

    /// <summary>The node's own seed, mixed with each task's seed for local shuffling.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Shared limit on concurrent local training when many nodes run in one process (a simulation): each node holds
    /// one slot while it trains, so training never starves the process's other work. <see langword="null"/>: no limit.
    /// </summary>
    public SemaphoreSlim? TrainingSlots { get; init; }

    /// <summary>
    /// Rewrites each trained update before upload (e.g. a simulated Byzantine attack in an experiment);
    /// <see langword="null"/>: upload the trained weights unchanged (an honest participant).
    /// </summary>
    public IUpdateTransform? UpdateTransform { get; init; }

    /// <summary>INSECURE, tests only: accept Paillier keys below 2048 bits (a campaign's <c>paillier:test-keys=true</c>).
    /// Off by default, so a silo cannot talk a node into a breakable key.</summary>
    public bool AllowInsecurePaillierKeys { get; init; }

    /// <summary>Under the <c>secagg</c> privacy mode, decides whether this node vanishes after the share-keys step of a
    /// round (a simulated dropout); <see langword="null"/> = never.</summary>
    public SecAgg.ISecAggDropout? SecAggDropout { get; init; }

    /// <summary>Default <see cref="SecProbePollInterval"/> (1 s).</summary>
    public static readonly TimeSpan DefaultSecProbePollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a SecProbe participant asks again while the campaign is not configured yet, or (with a
    /// <see cref="PollWait"/> of zero, no long poll) while it waits for the next round.
    /// </summary>
    public TimeSpan SecProbePollInterval { get; init; } = DefaultSecProbePollInterval;

    /// <summary>
    /// The most ε a SecProbe participant spends in the campaign: it stops uploading once the next upload (ε₂ each, counted
    /// whether or not the silo accepts it) would exceed this. <see langword="null"/>: no limit of its own.
    /// </summary>
    public double? SecProbeEpsilonBudget { get; init; }

    /// <summary>
    /// <c>dp-sgd</c> campaigns: the node's own ε budget (at the task's δ, RDP accountant over the runs it sent). Before
    /// training a task it projects its ε with that run; past the budget it trains nothing more and its run ends with a
    /// <c>budget: …</c> reason — whatever the silo's settings or its own budget say. <see langword="null"/>: no limit.
    /// </summary>
    public double? DpSgdEpsilonBudget { get; init; }

    /// <summary>Clock for reconnect delays and the give-up bound.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(CampaignId))
        {
            throw new ArgumentException("A campaign id is required.", nameof(CampaignId));
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("A participant name is required.", nameof(Name));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(PollWait, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PollWait, TimeSpan.FromSeconds(60));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(GiveUpAfter, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReconnectBaseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReconnectMaxDelay, ReconnectBaseDelay);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SecProbePollInterval, TimeSpan.Zero);
        if (SecProbeEpsilonBudget is { } budget && !(budget > 0 && double.IsFinite(budget)))
        {
            throw new ArgumentOutOfRangeException(nameof(SecProbeEpsilonBudget), budget, "The SecProbe ε budget must be positive and finite.");
        }

        if (DpSgdEpsilonBudget is { } dpSgd && !(dpSgd > 0 && double.IsFinite(dpSgd)))
        {
            throw new ArgumentOutOfRangeException(nameof(DpSgdEpsilonBudget), dpSgd, "The DP-SGD ε budget must be positive and finite.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
