namespace OrleansFed.Learning.DpSgd;

/// <summary>DP-SGD training settings (Poisson sampling of each step's batch).</summary>
/// <param name="Epochs">Passes over the data; each pass is round(N / L) steps.</param>
/// <param name="ExpectedBatchSize">L: the expected batch size; the sampling rate is q = L / N.</param>
/// <param name="LearningRate">SGD step size.</param>
/// <param name="ClipNorm">C: per-example gradient clipping norm.</param>
/// <param name="NoiseMultiplier">σ: noise standard deviation over C.</param>
/// <param name="Seed">Seed of the model's dropout streams and of nothing privacy-relevant: batches and noise come from the secure source.</param>
public sealed record DpSgdOptions(int Epochs, int ExpectedBatchSize, float LearningRate, float ClipNorm, double NoiseMultiplier, int Seed)
{
    /// <summary>Worker threads for the kernels.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>SGD momentum.</summary>
    public float Momentum { get; init; }

    /// <summary>Noise and sampling source; null = <see cref="SecureGaussian.Shared"/>.</summary>
    public INoiseSource? Noise { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (Epochs < 0 || ExpectedBatchSize < 1 || !(LearningRate > 0) || !float.IsFinite(LearningRate) || Threads < 1 || Momentum < 0)
        {
            throw new ArgumentException("DP-SGD needs epochs >= 0, batch size >= 1, a positive learning rate, threads >= 1 and momentum >= 0.");
        }

        if (!(ClipNorm > 0) || !float.IsFinite(ClipNorm) || !(NoiseMultiplier >= 0) || double.IsInfinity(NoiseMultiplier))
        {
            throw new ArgumentException("DP-SGD needs a positive clipping norm and a finite noise multiplier >= 0.");
        }
    }
}
