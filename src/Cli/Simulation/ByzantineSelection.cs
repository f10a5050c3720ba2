using OrleansFed.Client.Adversaries;

namespace OrleansFed.Cli.Simulation;

/// <summary>Which simulated parties are Byzantine: ⌊fraction · clients⌋ of them, drawn reproducibly from the seed.</summary>
internal static class ByzantineSelection
{
    // Keeps this draw independent of every other use of the seed (data split, sampling, attack draws).
    private const ulong Stream = 0xB7E151628AED2A6BUL;

    /// <summary>How many of <paramref name="clients"/> parties are Byzantine at <paramref name="fraction"/>.</summary>
    public static int Count(int clients, double fraction) => (int)Math.Floor((fraction * clients) + 1e-9);

    /// <summary>The Byzantine party indices, ascending.</summary>
    public static int[] Choose(int clients, double fraction, int seed)
    {
        var count = Count(clients, fraction);
        var order = new int[clients];
        for (var i = 0; i < clients; i++)
        {
            order[i] = i;
        }

        // Fisher–Yates on a seeded SplitMix64 stream; the modulo bias for a handful of parties is irrelevant here.
        var state = unchecked((ulong)seed ^ Stream);
        for (var i = clients - 1; i > 0; i--)
        {
            var j = (int)(RandomWeightsAttack.Next(ref state) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        var chosen = order[..count];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>Seed of party <paramref name="index"/>'s attack draws.</summary>
    public static long AttackSeed(int seed, int index) => ((long)seed * 1_000_003) + index;
}
