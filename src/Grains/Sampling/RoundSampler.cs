using System.Collections.Immutable;
using OrleansFed.Grains.Strategies;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Grains.Sampling;

/// <summary>
/// Which enrolled participants take part in a round attempt. The sample size is ⌈sampleFraction · enrolled⌉, raised to
/// at least <c>minParticipants</c>, capped by <c>participantsPerRound</c> and by the number enrolled; without a
/// fraction it is <c>participantsPerRound</c> (or everyone). The draw is a seeded shuffle of (campaign seed, round,
/// attempt), so re-planning after a restart selects exactly the same set, and a retry of a round draws afresh.
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

    /// <summary>Draws the participants of a round attempt.</summary>
    /// <param name="config">Campaign configuration (seed, fraction, minimum, cap).</param>
    /// <param name="round">Round number.</param>
    /// <param name="attempt">Attempt number.</param>
    /// <param name="enrolled">Enrolled participant ids in enrollment order.</param>
    /// <returns>The sampled ids, sorted ordinally.</returns>
    public static ImmutableArray<string> Draw(CampaignConfig config, int round, int attempt, IReadOnlyList<string> enrolled)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(enrolled);
        return ParticipantSampler.Sample([.. enrolled], SampleSize(config, enrolled.Count), config.Seed, round, attempt);
    }
}
