namespace OrleansFed.Grains.Rounds;

/// <summary>Persistent state of one stored update: header fields and the weights as little-endian float32 bytes.</summary>
public sealed class RoundUpdateState
{
    /// <summary>Round the update is for.</summary>
    public int Round { get; set; }

    /// <summary>Sample count.</summary>
    public long SampleCount { get; set; }

    /// <summary>Mean local training loss.</summary>
    public float TrainLoss { get; set; }

    /// <summary>Weights, little-endian float32 (stored compactly rather than as a JSON number array).</summary>
    public byte[] Weights { get; set; } = [];
}
