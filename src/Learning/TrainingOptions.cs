namespace OrleansFed.Learning;

/// <summary>Local training settings: mini-batch SGD on softmax cross-entropy.</summary>
/// <param name="Epochs">Passes over the data (each with a fresh permutation).</param>
/// <param name="BatchSize">Examples per step (the last step of an epoch may be smaller).</param>
/// <param name="LearningRate">SGD step size.</param>
/// <param name="Seed">Seed of the per-epoch permutations.</param>
public sealed record TrainingOptions(int Epochs, int BatchSize, float LearningRate, int Seed)
{
    /// <summary>Worker threads for the kernels (1 = the calling thread only). Defaults to 1.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>SGD momentum (0 = plain SGD). Defaults to 0.</summary>
    public float Momentum { get; init; }

    /// <summary>FedProx proximal coefficient μ: when positive, μ·(w − w_start) is added to every gradient, w_start being
    /// the model's parameters when training starts (the global model). Defaults to 0 (plain local SGD).</summary>
    public float ProximalMu { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (Epochs < 0)
        {
            throw new ArgumentException("Epochs must be >= 0.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentException("BatchSize must be >= 1.");
        }

        if (!(LearningRate > 0) || !float.IsFinite(LearningRate))
        {
            throw new ArgumentException("LearningRate must be a positive number.");
        }

        if (Threads < 1)
        {
            throw new ArgumentException("Threads must be >= 1.");
        }

        if (Momentum < 0 || !float.IsFinite(Momentum))
        {
            throw new ArgumentException("Momentum must be >= 0.");
        }

        if (ProximalMu < 0 || !float.IsFinite(ProximalMu))
        {
            throw new ArgumentException("ProximalMu must be >= 0.");
        }
    }
}
