namespace OrleansFed.Interfaces.Api;

/// <summary>
/// DP-SGD settings of a <c>dp-sgd</c> campaign, carried in every <see cref="TrainingTask"/>: the participant trains with
/// Poisson-sampled batches of expected size <see cref="TrainingTask.BatchSize"/>, clips each example's gradient to
/// <see cref="ClipNorm"/> and adds Gaussian noise of standard deviation <see cref="NoiseMultiplier"/> · C.
/// </summary>
public sealed record DpSgdTaskSettings
{
    /// <summary>σ: noise standard deviation divided by the clipping norm (positive).</summary>
    public required double NoiseMultiplier { get; init; }

    /// <summary>C: per-example gradient clipping norm (positive).</summary>
    public required double ClipNorm { get; init; }

    /// <summary>δ at which the participant's ε is reported.</summary>
    public required double Delta { get; init; }
}
