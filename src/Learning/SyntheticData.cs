namespace OrleansFed.Learning;

/// <summary>Seeded synthetic classification data for tests: one Gaussian blob per class around a random centre.</summary>
public static class SyntheticData
{
    /// <summary>
    /// Creates training and test sets drawn from the same blobs (class centres N(0, 1) per feature, examples at
    /// centre + N(0, 0.5²) noise, labels uniform), so a linear model separates them well.
    /// </summary>
    /// <param name="trainCount">Training examples.</param>
    /// <param name="testCount">Test examples.</param>
    /// <param name="featureCount">Features per example.</param>
    /// <param name="classCount">Classes.</param>
    /// <param name="seed">Seed; equal seeds give equal data.</param>
    /// <returns>The training and test sets.</returns>
    public static (Dataset Train, Dataset Test) Create(int trainCount, int testCount, int featureCount, int classCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trainCount);
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        var random = new DeterministicRandom(seed, stream: 0x5EED);
        float[] centres = new float[classCount * featureCount];
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = (float)random.NextGaussian();
        }

        return (Draw(trainCount), Draw(testCount));

        Dataset Draw(int count)
        {
            float[] features = new float[(long)count * featureCount];
            int[] labels = new int[count];
            for (int i = 0; i < count; i++)
            {
                int label = random.NextInt(classCount);
                labels[i] = label;
                for (int f = 0; f < featureCount; f++)
                {
                    features[(i * featureCount) + f] = centres[(label * featureCount) + f] + (0.5f * (float)random.NextGaussian());
                }
            }

            return new Dataset(features, labels, featureCount, classCount);
        }
    }
}
