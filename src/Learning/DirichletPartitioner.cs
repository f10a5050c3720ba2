namespace OrleansFed.Learning;

/// <summary>
/// Label-skewed non-IID split: for each class, the class's examples are divided among the parties in
/// proportions drawn from a symmetric Dirichlet(alpha) (normalised Gamma(alpha, 1) samples). Small alpha gives
/// each party few classes. Draws that leave a party empty are redrawn (deterministically) a bounded number of times.
/// </summary>
internal sealed class DirichletPartitioner(double alpha) : IPartitioner
{
    private const int MaxAttempts = 100;

    public double Alpha => alpha;

    public int[][] Split(Dataset data, int parties, int seed)
    {
        Partitioners.CheckParties(data, parties);
        var random = new DeterministicRandom(seed, stream: 0xD1C1);
        List<int>[] byClass = new List<int>[data.ClassCount];
        for (int c = 0; c < byClass.Length; c++)
        {
            byClass[c] = new List<int>();
        }

        for (int i = 0; i < data.Count; i++)
        {
            byClass[data.Label(i)].Add(i);
        }

        List<int>[] assigned = new List<int>[parties];
        double[] proportions = new double[parties];
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            for (int p = 0; p < parties; p++)
            {
                assigned[p] = new List<int>();
            }

            foreach (List<int> members in byClass)
            {
                if (members.Count == 0)
                {
                    continue;
                }

                int[] shuffled = members.ToArray();
                random.Shuffle(shuffled);
                double sum = 0;
                for (int p = 0; p < parties; p++)
                {
                    proportions[p] = random.NextGamma(alpha);
                    sum += proportions[p];
                }

                // Cut points at the rounded cumulative proportions, so the counts sum exactly to the class size.
                double cumulative = 0;
                int start = 0;
                for (int p = 0; p < parties; p++)
                {
                    cumulative += proportions[p];
                    int end = p == parties - 1 || sum <= 0 ? shuffled.Length : (int)Math.Round(cumulative / sum * shuffled.Length);
                    end = Math.Clamp(end, start, shuffled.Length);
                    assigned[p].AddRange(shuffled.AsSpan(start, end - start));
                    start = end;
                }
            }

            if (assigned.All(a => a.Count > 0))
            {
                return assigned.Select(a =>
                {
                    int[] indices = a.ToArray();
                    Array.Sort(indices);
                    return indices;
                }).ToArray();
            }
        }

        throw new InvalidOperationException(
            $"dirichlet:{alpha} left a party without examples in {MaxAttempts} draws; use fewer parties or a larger alpha.");
    }
}
