using System.Collections.Immutable;

namespace OrleansFed.Grains.Strategies;

/// <summary>
/// Deterministic participant sampling shared by strategies: a partial Fisher–Yates shuffle driven by SplitMix64
/// seeded from (campaign seed, round, attempt). Not a security boundary, so no cryptographic source is needed; it must
/// only be reproducible so that re-planning an attempt after a restart selects the same participants.
/// </summary>
public static class ParticipantSampler
{
    /// <summary>Picks <paramref name="count"/> of <paramref name="candidates"/> (all when count ≥ their number).</summary>
    /// <param name="candidates">Candidate ids.</param>
    /// <param name="count">How many to pick.</param>
    /// <param name="seed">Campaign seed.</param>
    /// <param name="round">Round number.</param>
    /// <param name="attempt">Attempt number.</param>
    /// <returns>The picked ids, sorted ordinally.</returns>
    public static ImmutableArray<string> Sample(ImmutableArray<string> candidates, int count, int seed, int round, int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var pool = candidates.ToArray();
        var take = Math.Min(count, pool.Length);
        if (take < pool.Length)
        {
            var state = MixSeed(seed, round, attempt);
            for (var i = 0; i < take; i++)
            {
                var j = i + (int)(Next(ref state) % (ulong)(pool.Length - i));
                (pool[i], pool[j]) = (pool[j], pool[i]);
            }
        }

        var picked = pool.AsSpan(0, take).ToArray();
        Array.Sort(picked, StringComparer.Ordinal);
        return ImmutableArray.Create(picked);
    }

    /// <summary>A per-attempt seed for participants' local shuffling, derived from the campaign seed.</summary>
    /// <param name="seed">Campaign seed.</param>
    /// <param name="round">Round number.</param>
    /// <param name="attempt">Attempt number.</param>
    /// <returns>A non-negative seed.</returns>
    public static int TrainingSeed(int seed, int round, int attempt)
    {
        var state = MixSeed(seed, round, attempt) ^ 0x5EED_5EED_5EED_5EEDUL;
        return (int)(Next(ref state) & int.MaxValue);
    }

    private static ulong MixSeed(int seed, int round, int attempt) =>
        unchecked(((ulong)(uint)seed << 32) ^ ((ulong)(uint)round * 0x9E37_79B9UL) ^ ((ulong)(uint)attempt << 48));

    private static ulong Next(ref ulong state)
    {
        unchecked
        {
            state += 0x9E37_79B9_7F4A_7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
            return z ^ (z >> 31);
        }
    }
}
