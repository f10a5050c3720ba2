using OrleansFed.Interfaces.SecProbe;

namespace OrleansFed.Grains.SecProbe;

/// <summary>The durable state of a SecProbe campaign.</summary>
public sealed class SecProbeCampaignState
{
    /// <summary>The configuration, once configured.</summary>
    public SecProbeCampaignSpec? Spec { get; set; }

    /// <summary>Input features of the network (from the validation set).</summary>
    public int Inputs { get; set; }

    /// <summary>Classes (from the validation set).</summary>
    public int Outputs { get; set; }

    /// <summary>The round collecting uploads; the last round once completed.</summary>
    public int Round { get; set; }

    /// <summary>Whether the campaign has ended: every round has run, or it was stopped.</summary>
    public bool Completed { get; set; }

    /// <summary>Whether the operator stopped it before its last round (the current round was closed unselected).</summary>
    public bool Stopped { get; set; }

    /// <summary>The current round's starting weights, or the final model once completed.</summary>
    public float[] Weights { get; set; } = [];

    /// <summary>Participants enrolled so far (their ids are p1 … pN).</summary>
    public int Enrolled { get; set; }

    /// <summary>Finished rounds, oldest first.</summary>
    public List<SecProbeRoundSummary> History { get; set; } = [];
}
