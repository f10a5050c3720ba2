namespace OrleansFed.Learning.Benchmarking;

/// <summary>
/// Settings of the MNIST training benchmark. The defaults are the recipe of shared/bench/pytorch_anchor.py:
/// batch 64, no momentum, MLP 3 epochs at lr 0.1, CNN 1 epoch at lr 0.05.
/// </summary>
public sealed record TrainBenchmarkOptions
{
    /// <summary>"mlp" or "cnn" (or "logreg").</summary>
    public required string Model { get; init; }

    /// <summary>Directory holding the four MNIST IDX files.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Worker threads for the kernels.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Epochs; null = the recipe's (3 for the MLP, 1 for the CNN).</summary>
    public int? Epochs { get; init; }

    /// <summary>Learning rate; null = the recipe's (0.1 for the MLP, 0.05 for the CNN).</summary>
    public float? LearningRate { get; init; }

    /// <summary>Mini-batch size (expected batch size under DP-SGD's Poisson sampling).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Seed of initialisation and shuffling.</summary>
    public int Seed { get; init; }

    /// <summary>Train with DP-SGD instead of plain SGD.</summary>
    public bool DifferentiallyPrivate { get; init; }

    /// <summary>DP-SGD noise multiplier σ.</summary>
    public double NoiseMultiplier { get; init; } = 1.1;

    /// <summary>DP-SGD per-example clipping norm C.</summary>
    public float ClipNorm { get; init; } = 1f;

    /// <summary>Default epochs of the recipe for <paramref name="model"/>.</summary>
    /// <param name="model">"mlp", "cnn" or "logreg".</param>
    /// <returns>3 for the MLP and logistic regression, 1 for the CNN.</returns>
    public static int RecipeEpochs(string model) => string.Equals(model, "cnn", StringComparison.OrdinalIgnoreCase) ? 1 : 3;

    /// <summary>Default learning rate of the recipe for <paramref name="model"/>.</summary>
    /// <param name="model">"mlp", "cnn" or "logreg".</param>
    /// <returns>0.05 for the CNN, 0.1 otherwise.</returns>
    public static float RecipeLearningRate(string model) => string.Equals(model, "cnn", StringComparison.OrdinalIgnoreCase) ? 0.05f : 0.1f;
}
