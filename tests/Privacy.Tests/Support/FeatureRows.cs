namespace OrleansFed.Privacy.Tests.Support;

/// <summary>Random feature rows for the functional-mechanism sensitivity tests.</summary>
internal static class FeatureRows
{
    /// <summary>
    /// Fills <paramref name="row"/> with signed values of L1 norm exactly <paramref name="bound"/> half the time (the
    /// worst case of the sensitivity bounds) and below it otherwise.
    /// </summary>
    public static void Fill(Random random, Span<double> row, double bound)
    {
        double total = 0;
        for (int j = 0; j < row.Length; j++)
        {
            row[j] = random.NextDouble() * 2 - 1;
            total += Math.Abs(row[j]);
        }

        double scale = bound / total * (random.Next(2) == 0 ? 1 : random.NextDouble());
        for (int j = 0; j < row.Length; j++)
        {
            row[j] *= scale;
        }
    }

    /// <summary>
    /// n labelled rows of d features and a replace-one neighbour: row 0 (features and label) drawn again, the rest kept.
    /// </summary>
    public static (double[] Rows, double[] Neighbour, int[] Labels, int[] NeighbourLabels) ReplaceOne(
        Random random, int n, int d, int classes, double bound)
    {
        var rows = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            Fill(random, rows.AsSpan(i * d, d), bound);
        }

        var neighbour = (double[])rows.Clone();
        Fill(random, neighbour.AsSpan(0, d), bound);
        int[] labels = [.. Enumerable.Range(0, n).Select(_ => random.Next(classes))];
        int[] neighbourLabels = (int[])labels.Clone();
        neighbourLabels[0] = random.Next(classes);
        return (rows, neighbour, labels, neighbourLabels);
    }
}
