namespace OrleansFed.Cli.Simulation.Pate;

/// <summary>
/// Plain supervised data augmentation for the student (no unlabeled data is used): each labeled 28×28 image is
/// repeated shifted by whole pixels (zero fill), the same label kept. Translations of a digit by a pixel or two keep
/// its class, and a small labeled set gains many variants of every example.
/// </summary>
internal static class StudentAugmentation
{
    /// <summary>The shifts, in the order copies are taken: 1 pixel (4-neighbours, then diagonals), then 2 pixels.</summary>
    private static readonly (int Dx, int Dy)[] Shifts =
    [
        (1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1), (1, -1), (-1, 1),
        (2, 0), (-2, 0), (0, 2), (0, -2), (2, 2), (-2, -2), (2, -2), (-2, 2),
    ];

    /// <summary>Largest number of shifted copies per example.</summary>
    public static int MaxCopies => Shifts.Length;

    /// <summary>
    /// Returns the examples followed by <paramref name="copies"/> shifted copies of each (square single-channel images of
    /// <paramref name="side"/>² features).
    /// </summary>
    public static (float[] Features, int[] Labels) Augment(float[] features, int[] labels, int side, int copies)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(copies);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(copies, Shifts.Length);
        int size = side * side;
        if (features.Length != labels.Length * size)
        {
            throw new ArgumentException($"Expected {labels.Length} images of {size} features.", nameof(features));
        }

        var outFeatures = new float[features.Length * (copies + 1)];
        var outLabels = new int[labels.Length * (copies + 1)];
        features.CopyTo(outFeatures, 0);
        labels.CopyTo(outLabels, 0);
        for (int k = 0; k < copies; k++)
        {
            var (dx, dy) = Shifts[k];
            int baseIndex = (k + 1) * labels.Length;
            for (int n = 0; n < labels.Length; n++)
            {
                Shift(features.AsSpan(n * size, size), outFeatures.AsSpan((baseIndex + n) * size, size), side, dx, dy);
                outLabels[baseIndex + n] = labels[n];
            }
        }

        return (outFeatures, outLabels);
    }

    /// <summary>destination(y, x) = source(y − dy, x − dx), zero outside the image.</summary>
    public static void Shift(ReadOnlySpan<float> source, Span<float> destination, int side, int dx, int dy)
    {
        destination.Clear();
        for (int y = 0; y < side; y++)
        {
            int sy = y - dy;
            if ((uint)sy >= (uint)side)
            {
                continue;
            }

            for (int x = 0; x < side; x++)
            {
                int sx = x - dx;
                if ((uint)sx < (uint)side)
                {
                    destination[(y * side) + x] = source[(sy * side) + sx];
                }
            }
        }
    }
}
