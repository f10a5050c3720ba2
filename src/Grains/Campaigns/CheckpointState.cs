namespace OrleansFed.Grains.Campaigns;

/// <summary>The campaign's global model checkpoint, kept apart from its status so status writes stay small.</summary>
public sealed class CheckpointState
{
    /// <summary>Model version of <see cref="Weights"/>.</summary>
    public long ModelVersion { get; set; }

    /// <summary>Parameters as little-endian float32 bytes.</summary>
    public byte[] Weights { get; set; } = [];
}
