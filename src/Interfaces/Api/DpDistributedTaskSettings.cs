namespace OrleansFed.Interfaces.Api;

/// <summary>
/// Noise settings of a <c>dp-distributed</c> campaign, carried in every <see cref="TrainingTask"/>: the participant clips
/// its update delta to L2 norm <see cref="ClipNorm"/> and adds its share of discrete Gaussian noise so that any sum the
/// secure aggregation releases has noise multiplier at least <see cref="NoiseMultiplier"/> (docs/privacy-modes.md).
/// The secure-aggregation session supplies the rest (threshold, participants per round, bits).
/// </summary>
public sealed record DpDistributedTaskSettings
{
    /// <summary>z: the noise multiplier of the aggregated sum (positive).</summary>
    public required double NoiseMultiplier { get; init; }

    /// <summary>C: the L2 clipping norm of each update delta (positive).</summary>
    public required double ClipNorm { get; init; }
}
