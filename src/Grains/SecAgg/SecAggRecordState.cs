namespace OrleansFed.Grains.SecAgg;

/// <summary>Persistent state of one stored step message.</summary>
public sealed class SecAggRecordState
{
    /// <summary>The message bytes (JSON, or a masked vector's little-endian words).</summary>
    public byte[] Payload { get; set; } = [];
}
