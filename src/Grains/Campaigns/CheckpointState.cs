namespace OrleansFed.Grains.Campaigns;

/// <summary>The campaign's global model checkpoint, kept apart from its status so status writes stay small.</summary>
public sealed class CheckpointState
{
    /// <summary>Model version of <see cref="Weights"/>.</summary>
    public long ModelVersion { get; set; }

    /// <summary>Parameters as little-endian float32 bytes.</summary>
    public byte[] Weights { get; set; } = [];

    /// <summary>Server optimizer steps taken (FedAdam/FedYogi); 0 when the rule keeps no server state.</summary>
    public long ServerStep { get; set; }

    /// <summary>Server optimizer first moment as little-endian float32 bytes; <see langword="null"/> before the first step.</summary>
    public byte[]? FirstMoment { get; set; }

    /// <summary>Server optimizer second moment as little-endian float32 bytes; <see langword="null"/> before the first step.</summary>
    public byte[]? SecondMoment { get; set; }
}
