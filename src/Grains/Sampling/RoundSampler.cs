using System.Collections.Immutable;
using OrleansFed.Grains.DifferentialPrivacy;
using OrleansFed.Grains.Strategies;
using OrleansFed.Interfaces.Api;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Grains.Sampling;

/// <summary>
/// Which enrolled participants take part in a round attempt. The sample size is ⌈sampleFraction · enrolled⌉, raised to
/// at least <c>minParticipants</c>, capped by <c>participantsPerRound</c> and by the number enrolled; without a
/// fraction it is <c>participantsPerRound</c> (or everyone). Outside the client-level DP modes the draw is a seeded
/// shuffle of (campaign seed, round, attempt), so a run can be repeated. Under <c>dp-central</c> and
/// <c>dp-distributed</c>, whose ledger takes credit for amplification by subsampling, the sample must be unknown to
/// everyone but the silo: the seed is part of the configuration, and a participant could recover it from the
/// training seed its tasks carry, so there the draw comes from a cryptographically secure source instead.
/// <c>dp-central</c> with Poisson sampling (its default) includes each enrolled participant independently with
/// probability q = <c>sampleFraction</c> (1 without one), so the number sampled varies from round to round. Either
/// way the campaign stores the drawn set before the attempt opens, so a restart re-opens the same set.
/// </summary>
public static class RoundSampler
{
    /// <summary>How many of <paramref name="enrolled"/> participants a round samples.</summary>
    /// <param name="config">Campaign configuration.</param>
    /// <param name="enrolled">Number of enrolled participants.</param>
    /// <returns>The sample size, between 0 and <paramref name="enrolled"/>.</returns>
    public static int SampleSize(CampaignConfig config, int enrolled)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(enrolled);
        long size = enrolled;
        if (config.SampleFraction is { } fraction)
        {
            // Subtracting a tiny slack keeps e.g. 0.3 · 10 = 3.0000000000000004 from rounding up to 4.
            size = Math.Max((long)Math.Ceiling((fraction * enrolled) - 1e-9), config.MinParticipants);
        }

        if (config.ParticipantsPerRound is { } cap)
        {
            size = Math.Min(size, cap);
        }

        return (int)Math.Min(size, enrolled);
    }

    /// <summary>Whether <paramref name="config"/>'s sample must be drawn from a secure source: its privacy mode
    /// accounts the round as a subsampled Gaussian step (<c>dp-central</c>, <c>dp-distributed</c>).</summary>
    /// <param name="config">Campaign configuration.</param>
    /// <returns><see langword="true"/> for the client-level DP modes.</returns>
    public static bool DrawsSecretly(CampaignConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return PrivacyModes.NameOf(config.Privacy) is PrivacyModes.DpCentral or PrivacyModes.DpDistributed;
    }

    /// <summary>Whether <paramref name="config"/> samples by Poisson sampling (<c>dp-central</c> unless
    /// <c>sampling=fixed</c>).</summary>
    /// <param name="config">Campaign configuration.</param>
    /// <returns><see langword="true"/> when each participant is sampled independently with probability q.</returns>
    public static bool IsPoisson(CampaignConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return PrivacyModes.NameOf(config.Privacy) == PrivacyModes.DpCentral && PrivacyModeSpec.Parse(config.Privacy).Poisson;
    }

    /// <summary>The sampling rate q of a round: <c>sampleFraction</c> (1 without one) under Poisson sampling, else
    /// the fixed sample size over the number enrolled.</summary>
    /// <param name="config">Campaign configuration.</param>
    /// <param name="enrolled">Number of enrolled participants (positive).</param>
    /// <returns>q in (0, 1].</returns>
    public static double SampleRate(CampaignConfig config, int enrolled)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(enrolled);
        return IsPoisson(config) ? config.SampleFraction ?? 1.0 : Math.Min(1.0, (double)SampleSize(config, enrolled) / enrolled);
    }

    /// <summary>The expected number sampled, q·N under Poisson sampling (the DP-FedAvg averaging denominator: data
    /// independent), else the fixed sample size.</summary>
    /// <param name="config">Campaign configuration.</param>
    /// <param name="enrolled">Number of enrolled participants.</param>
    /// <returns>The expected sample size.</returns>
    public static double ExpectedSize(CampaignConfig config, int enrolled) =>
        IsPoisson(config) ? (config.SampleFraction ?? 1.0) * enrolled : SampleSize(config, enrolled);

    /// <summary>Draws the participants of a round attempt.</summary>
    /// <param name="config">Campaign configuration (privacy mode, seed, fraction, minimum, cap).</param>
    /// <param name="round">Round number.</param>
    /// <param name="attempt">Attempt number.</param>
    /// <param name="enrolled">Enrolled participant ids in enrollment order.</param>
    /// <param name="secure">
    /// The source of a secret draw (<see cref="DrawsSecretly"/>); <see langword="null"/> means a fresh
    /// <see cref="CryptoRandomSource"/> (the operating system's CSPRNG). Tests pass a seeded
    /// <see cref="AesCtrRandomSource"/>. Ignored when the draw is the seeded shuffle.
    /// </param>
    /// <returns>The sampled ids, sorted ordinally.</returns>
    public static ImmutableArray<string> Draw(
        CampaignConfig config, int round, int attempt, IReadOnlyList<string> enrolled, RandomSource? secure = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(enrolled);
        if (IsPoisson(config))
        {
            return PoissonSample(enrolled, config.SampleFraction ?? 1.0, secure ?? new CryptoRandomSource());
        }

        var size = SampleSize(config, enrolled.Count);
        return DrawsSecretly(config)
            ? SecretSample(enrolled, size, secure ?? new CryptoRandomSource())
            : ParticipantSampler.Sample([.. enrolled], size, config.Seed, round, attempt);
    }

    /// <summary>Each participant independently with probability <paramref name="rate"/> (to 2⁻⁵³; every one at 1).</summary>
    private static ImmutableArray<string> PoissonSample(IReadOnlyList<string> enrolled, double rate, RandomSource random)
    {
        string[] picked = rate >= 1 ? [.. enrolled] : [.. enrolled.Where(_ => random.NextDouble() < rate)];
        Array.Sort(picked, StringComparer.Ordinal);
        return ImmutableArray.Create(picked);
    }

    /// <summary>A uniformly random <paramref name="count"/>-subset (partial Fisher–Yates with unbiased index draws).</summary>
    private static ImmutableArray<string> SecretSample(IReadOnlyList<string> enrolled, int count, RandomSource random)
    {
        var pool = enrolled.ToArray();
        for (var i = 0; i < count && i < pool.Length - 1; i++)
        {
            var j = i + (int)random.NextUInt64((ulong)(pool.Length - i));
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        var picked = pool.AsSpan(0, count).ToArray();
        Array.Sort(picked, StringComparer.Ordinal);
        return ImmutableArray.Create(picked);
    }
}
