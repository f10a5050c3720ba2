using OrleansFed.Interfaces.SecAgg;

namespace OrleansFed.Grains.SecAgg;

/// <summary>
/// Persistent state of one secure-aggregation round attempt: its setup and current step. The accepted step messages
/// are in one <see cref="SecAggStepState"/> record per step, so the protocol server can be rebuilt by replay after a
/// restart. It never holds an individual update: only the final sum, once reconstructed.
/// </summary>
public sealed class SecAggRoundState
{
    /// <summary>The setup of the attempt.</summary>
    public SecAggRoundSetup? Setup { get; set; }

    /// <summary>The current step.</summary>
    public SecAggPhase Phase { get; set; }

    /// <summary>When the current step closes at the latest.</summary>
    public DateTimeOffset StepDeadline { get; set; }

    /// <summary>Seed of the neighbour graph's ring order (the graph is public once broadcast).</summary>
    public byte[] GraphSeed { get; set; } = [];

    /// <summary>The survivors' sum (little-endian uint32), once finished.</summary>
    public byte[]? Sum { get; set; }

    /// <summary>Inputs in the sum.</summary>
    public int Contributors { get; set; }

    /// <summary>Why the attempt aborted.</summary>
    public string? Failure { get; set; }

    /// <summary>Whether the step records were deleted.</summary>
    public bool Released { get; set; }
}
