using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Grains.Pate;

/// <summary>Argmax with ties broken uniformly at random (secure source), so no class is favoured by its index.</summary>
internal static class NoisyArgMax
{
    public static int Select(ReadOnlySpan<double> values, RandomSource random)
    {
        if (values.Length < 2)
        {
            throw new ArgumentException("An argmax needs at least two classes.", nameof(values));
        }

        int best = 0;
        int ties = 1;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
                ties = 1;
            }
            else if (values[i] == values[best])
            {
                // Reservoir sampling over the tied maxima: each is kept with probability 1/ties.
                ties++;
                if (random.NextUInt64((ulong)ties) == 0)
                {
                    best = i;
                }
            }
        }

        return best;
    }

    public static void CheckCounts(ReadOnlySpan<double> counts)
    {
        if (counts.Length < 2)
        {
            throw new ArgumentException("A histogram needs at least two classes.", nameof(counts));
        }

        foreach (double c in counts)
        {
            if (!(c >= 0) || !double.IsFinite(c))
            {
                throw new ArgumentException("Counts must be finite and non-negative.", nameof(counts));
            }
        }
    }

    /// <summary>Keeps a log-probability finite (JSON cannot hold −∞); raising a bound on q is conservative.</summary>
    public static double FiniteLog(double logValue) => Math.Max(logValue, -1e4);
}
