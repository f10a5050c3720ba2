namespace OrleansFed.Runtime;

/// <summary>Options of the grain runtime, validated when the host starts.</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>Default idle age after which an activation is collected: 15 minutes (as in Orleans).</summary>
    public static readonly TimeSpan DefaultCollectionAge = TimeSpan.FromMinutes(15);

    /// <summary>Default interval between idle-collection scans: 1 minute (as in Orleans).</summary>
    public static readonly TimeSpan DefaultCollectionQuantum = TimeSpan.FromMinutes(1);

    /// <summary>Default time a caller waits for a grain call's response: 30 seconds (as in Orleans).</summary>
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Default interval between re-reads of the reminder table: 1 minute.</summary>
    public static readonly TimeSpan DefaultReminderPollInterval = TimeSpan.FromMinutes(1);

    /// <summary>Default minimum period of a periodic reminder: 1 second (Orleans requires 1 minute; see docs/runtime.md).</summary>
    public static readonly TimeSpan DefaultMinimumReminderPeriod = TimeSpan.FromSeconds(1);

    /// <summary>Default time <see cref="Grain.OnDeactivateAsync"/> gets before its token is cancelled: 30 seconds.</summary>
    public static readonly TimeSpan DefaultDeactivationTimeout = TimeSpan.FromSeconds(30);

    /// <summary>An activation that received no call and no reminder tick for this long is deactivated
    /// (timer ticks do not count). Default <see cref="DefaultCollectionAge"/>.</summary>
    public TimeSpan CollectionAge { get; set; } = DefaultCollectionAge;

    /// <summary>How often idle activations are looked for; at most <see cref="CollectionAge"/>.
    /// Default <see cref="DefaultCollectionQuantum"/>.</summary>
    public TimeSpan CollectionQuantum { get; set; } = DefaultCollectionQuantum;

    /// <summary>How long a caller waits for a response before <see cref="GrainCallTimeoutException"/>.
    /// Default <see cref="DefaultResponseTimeout"/>.</summary>
    public TimeSpan ResponseTimeout { get; set; } = DefaultResponseTimeout;

    /// <summary>How often the reminder table is re-read to pick up reminders written by other processes.
    /// Default <see cref="DefaultReminderPollInterval"/>.</summary>
    public TimeSpan ReminderPollInterval { get; set; } = DefaultReminderPollInterval;

    /// <summary>The shortest period a periodic reminder may have. One-shot reminders (period
    /// <see cref="Timeout.InfiniteTimeSpan"/>) and due times have no minimum. Default <see cref="DefaultMinimumReminderPeriod"/>.</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = DefaultMinimumReminderPeriod;

    /// <summary>How long <see cref="Grain.OnDeactivateAsync"/> may run before its token is cancelled.
    /// Default <see cref="DefaultDeactivationTimeout"/>.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = DefaultDeactivationTimeout;
}
