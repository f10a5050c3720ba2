namespace OrleansFed.Client;

/// <summary>Settings of an <see cref="OrleansFedClient"/>. Defaults suit a participant on an unreliable network.</summary>
public sealed class OrleansFedClientOptions
{
    /// <summary>Default <see cref="MaxRetryAttempts"/>.</summary>
    public const int DefaultMaxRetryAttempts = 4;

    /// <summary>Default <see cref="RetryBaseDelay"/> (200 ms).</summary>
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Default <see cref="RetryMaxDelay"/> (5 s).</summary>
    public static readonly TimeSpan DefaultRetryMaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>Default <see cref="RequestTimeout"/> (30 s).</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Bearer token for the admin endpoints, when the silo sets <c>Silo:AdminToken</c>; <see langword="null"/> when
    /// the admin API is open (the loopback default). Never logged.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>
    /// Retries after the first attempt for transient failures (connection refused or reset, 5xx, 408, 429);
    /// 0 disables retries. Other 4xx problems are never retried.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = DefaultMaxRetryAttempts;

    /// <summary>Delay before the first retry; it doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = DefaultRetryBaseDelay;

    /// <summary>Upper bound of a single retry delay (also caps a server's <c>Retry-After</c>).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = DefaultRetryMaxDelay;

    /// <summary>Time limit of one attempt, not counting a long poll's wait, which is added on top.</summary>
    public TimeSpan RequestTimeout { get; set; } = DefaultRequestTimeout;

    /// <summary>Clock for retry delays (tests substitute a fake one).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetryAttempts);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBaseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryMaxDelay, RetryBaseDelay);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
