using System.Globalization;

namespace OrleansFed.Learning;

/// <summary>Parses partition specs: "iid", "sizes:1200,30000,…" or "dirichlet:0.5".</summary>
public static class Partitioners
{
    /// <summary>The partitioner a spec names.</summary>
    /// <param name="spec">"iid"; "sizes:n1,n2,…" (one positive size per party); "dirichlet:alpha" (alpha &gt; 0).</param>
    /// <returns>The partitioner.</returns>
    public static IPartitioner Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string text = spec.Trim();
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string kind = (colon < 0 ? text : text[..colon]).Trim().ToUpperInvariant();
        string argument = colon < 0 ? string.Empty : text[(colon + 1)..].Trim();
        switch (kind)
        {
            case "IID" when colon < 0:
                return new IidPartitioner();
            case "SIZES":
            {
                string[] parts = argument.Split(',', StringSplitOptions.TrimEntries);
                int[] sizes = new int[parts.Length];
                for (int i = 0; i < parts.Length; i++)
                {
                    if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] <= 0)
                    {
                        throw new ArgumentException($"Partition spec '{spec}': '{parts[i]}' is not a positive size.", nameof(spec));
                    }
                }

                return new SizesPartitioner(sizes);
            }

            case "DIRICHLET":
                if (!double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out double alpha) || !(alpha > 0) || double.IsInfinity(alpha))
                {
                    throw new ArgumentException($"Partition spec '{spec}': alpha must be a positive number.", nameof(spec));
                }

                return new DirichletPartitioner(alpha);
            default:
                throw new ArgumentException($"Unknown partition spec '{spec}'; expected iid, sizes:n1,n2,… or dirichlet:alpha.", nameof(spec));
        }
    }

    internal static void CheckParties(Dataset data, int parties)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 1);
        if (parties > data.Count)
        {
            throw new ArgumentException($"Cannot give each of {parties} parties an example from {data.Count} examples.", nameof(parties));
        }
    }
}

/// <summary>A uniformly random split into near-equal parts.</summary>
internal sealed class IidPartitioner : IPartitioner
{
    public int[][] Split(Dataset data, int parties, int seed)
    {
        Partitioners.CheckParties(data, parties);
        int[] order = new DeterministicRandom(seed, stream: 0x11D).Permutation(data.Count);
        int[][] result = new int[parties][];
        int start = 0;
        for (int p = 0; p < parties; p++)
        {
            int size = (data.Count / parties) + (p < data.Count % parties ? 1 : 0);
            result[p] = order[start..(start + size)];
            Array.Sort(result[p]);
            start += size;
        }

        return result;
    }
}

/// <summary>A random split with one explicit size per party (the sizes may leave examples unused).</summary>
internal sealed class SizesPartitioner(int[] sizes) : IPartitioner
{
    public int[][] Split(Dataset data, int parties, int seed)
    {
        Partitioners.CheckParties(data, parties);
        if (parties != sizes.Length)
        {
            throw new ArgumentException($"The partition lists {sizes.Length} sizes but there are {parties} parties.", nameof(parties));
        }

        long total = sizes.Sum(s => (long)s);
        if (total > data.Count)
        {
            throw new ArgumentException($"The partition sizes sum to {total}, more than the {data.Count} examples.", nameof(data));
        }

        int[] order = new DeterministicRandom(seed, stream: 0x512E).Permutation(data.Count);
        int[][] result = new int[parties][];
        int start = 0;
        for (int p = 0; p < parties; p++)
        {
            result[p] = order[start..(start + sizes[p])];
            Array.Sort(result[p]);
            start += sizes[p];
        }

        return result;
    }
}
