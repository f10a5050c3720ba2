using OrleansFed.Learning;
using OrleansFed.Learning.SecProbe;

namespace OrleansFed.Client.SecProbe;

/// <summary>
/// SecProbe's unreliable participants for experiments: a fraction P of a participant's training tuples has its inputs
/// replaced by uniform noise in [0, 1] (labels or targets kept), the tuples chosen by a seeded shuffle.
/// </summary>
public static class UnreliableData
{
    /// <summary>How many of <paramref name="count"/> tuples a fraction <paramref name="fraction"/> corrupts: ⌊P·n⌋.</summary>
    /// <param name="count">n.</param>
    /// <param name="fraction">P ∈ [0, 1].</param>
    public static int CorruptedCount(int count, double fraction)
    {
        if (!(fraction >= 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), "The noise fraction must lie in [0, 1].");
        }

        return (int)Math.Floor(fraction * count + 1e-9);
    }

    /// <summary>A copy of <paramref name="data"/> with ⌊P·n⌋ tuples' inputs replaced by uniform noise.</summary>
    /// <param name="data">The clean data.</param>
    /// <param name="fraction">P.</param>
    /// <param name="seed">Seed of the choice of tuples and of the noise.</param>
    /// <returns>The corrupted copy and the corrupted tuple indices.</returns>
    public static (Dataset Data, int[] Corrupted) Corrupt(Dataset data, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        var all = new int[data.Count];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = i;
        }

        var copy = data.Subset(all);
        var features = new float[copy.Count * copy.FeatureCount];
        for (int i = 0; i < copy.Count; i++)
        {
            copy.Features(i).CopyTo(features.AsSpan(i * copy.FeatureCount));
        }

        var corrupted = Choose(data.Count, fraction, seed, out var random);
        foreach (int i in corrupted)
        {
            Fill(features.AsSpan(i * copy.FeatureCount, copy.FeatureCount), random);
        }

        return (new Dataset(features, copy.Labels.ToArray(), copy.FeatureCount, copy.ClassCount), corrupted);
    }

    /// <summary>A copy of <paramref name="data"/> with ⌊P·n⌋ rows' inputs replaced by uniform noise.</summary>
    /// <param name="data">The clean data.</param>
    /// <param name="fraction">P.</param>
    /// <param name="seed">Seed of the choice of rows and of the noise.</param>
    /// <returns>The corrupted copy and the corrupted row indices.</returns>
    public static (RegressionData Data, int[] Corrupted) Corrupt(RegressionData data, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        var inputs = data.Inputs.ToArray();
        var corrupted = Choose(data.Count, fraction, seed, out var random);
        foreach (int i in corrupted)
        {
            Fill(inputs.AsSpan(i * data.FeatureCount, data.FeatureCount), random);
        }

        return (new RegressionData(inputs, data.Targets.ToArray(), data.FeatureCount), corrupted);
    }

    private static int[] Choose(int count, double fraction, int seed, out Random random)
    {
        int corrupt = CorruptedCount(count, fraction);
        random = new Random(seed);
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        random.Shuffle(order);
        var chosen = order[..corrupt];
        Array.Sort(chosen);
        return chosen;
    }

    private static void Fill(Span<float> row, Random random)
    {
        for (int j = 0; j < row.Length; j++)
        {
            row[j] = (float)random.NextDouble();
        }
    }
}
