using System.Text.Json.Serialization;

namespace OrleansFed.Learning.DpSgd;

/// <summary>
/// What a privacy accountant needs about a DP-SGD run: Poisson sampling with rate q = L/N, noise multiplier σ and
/// the number of steps (src/Privacy's RDP accountant turns these into ε at a chosen δ).
/// </summary>
/// <param name="SamplingRate">q: the probability that an example is in a given step's batch.</param>
/// <param name="NoiseMultiplier">σ: the noise standard deviation divided by the clipping norm.</param>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="ClipNorm">C: the per-example clipping norm.</param>
/// <param name="DatasetSize">N: examples in the training set.</param>
/// <param name="ExpectedBatchSize">L = q·N.</param>
public sealed record DpSgdAccounting(
    [property: JsonPropertyName("sampling_rate")] double SamplingRate,
    [property: JsonPropertyName("noise_multiplier")] double NoiseMultiplier,
    [property: JsonPropertyName("steps")] long Steps,
    [property: JsonPropertyName("clip_norm")] double ClipNorm,
    [property: JsonPropertyName("dataset_size")] int DatasetSize,
    [property: JsonPropertyName("expected_batch_size")] int ExpectedBatchSize)
{
    /// <summary>The sampling scheme the accounting assumes: "poisson".</summary>
    [JsonPropertyName("sampling")]
    public string Sampling => "poisson";
}
