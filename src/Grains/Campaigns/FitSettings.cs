namespace OrleansFed.Grains.Campaigns;

/// <summary>Local training settings of the open attempt (persisted with the campaign state).</summary>
public sealed class FitSettings
{
    /// <summary>Local epochs.</summary>
    public int LocalEpochs { get; set; }

    /// <summary>Local batch size.</summary>
    public int BatchSize { get; set; }

    /// <summary>Local learning rate.</summary>
    public float LearningRate { get; set; }

    /// <summary>Seed for local shuffling.</summary>
    public int Seed { get; set; }

    /// <summary>FedProx proximal coefficient μ, when the rule is FedProx.</summary>
    public float? ProximalMu { get; set; }
}
