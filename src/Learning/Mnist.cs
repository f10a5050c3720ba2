namespace OrleansFed.Learning;

/// <summary>Loads MNIST from its four IDX files, scaling pixels to [0, 1] (pixel / 255).</summary>
public static class Mnist
{
    /// <summary>Training images file name.</summary>
    public const string TrainImages = "train-images-idx3-ubyte";

    /// <summary>Training labels file name.</summary>
    public const string TrainLabels = "train-labels-idx1-ubyte";

    /// <summary>Test images file name.</summary>
    public const string TestImages = "t10k-images-idx3-ubyte";

    /// <summary>Test labels file name.</summary>
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>Whether <paramref name="directory"/> holds the four MNIST files.</summary>
    /// <param name="directory">The directory.</param>
    /// <returns>True when all four files exist.</returns>
    public static bool Exists(string directory) =>
        new[] { TrainImages, TrainLabels, TestImages, TestLabels }.All(f => File.Exists(Path.Combine(directory, f)));

    /// <summary>Loads the 60,000 training and 10,000 test examples (784 features, 10 classes).</summary>
    /// <param name="directory">Directory holding the IDX files.</param>
    /// <returns>The training and test sets.</returns>
    public static (Dataset Train, Dataset Test) Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"MNIST directory '{directory}' does not exist.");
        }

        return (LoadPair(directory, TrainImages, TrainLabels), LoadPair(directory, TestImages, TestLabels));
    }

    private static Dataset LoadPair(string directory, string imagesFile, string labelsFile)
    {
        (int count, int rows, int columns, byte[] pixels) = IdxReader.ReadImages(Path.Combine(directory, imagesFile));
        byte[] labelBytes = IdxReader.ReadLabels(Path.Combine(directory, labelsFile));
        if (labelBytes.Length != count)
        {
            throw new InvalidDataException($"{imagesFile} holds {count} images but {labelsFile} holds {labelBytes.Length} labels.");
        }

        float[] features = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            features[i] = pixels[i] / 255f;
        }

        int[] labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            if (labelBytes[i] > 9)
            {
                throw new InvalidDataException($"{labelsFile}: label {labelBytes[i]} at index {i} is not a digit.");
            }

            labels[i] = labelBytes[i];
        }

        return new Dataset(features, labels, rows * columns, 10);
    }
}
