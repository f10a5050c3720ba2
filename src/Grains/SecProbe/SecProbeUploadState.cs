namespace OrleansFed.Grains.SecProbe;

/// <summary>The durable state of one SecProbe upload: its weights as little-endian float32 bytes.</summary>
public sealed class SecProbeUploadState
{
    /// <summary>The weights (<see cref="FloatBytes"/>).</summary>
    public byte[] Weights { get; set; } = [];
}
