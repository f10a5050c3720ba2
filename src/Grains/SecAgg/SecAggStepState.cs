namespace OrleansFed.Grains.SecAgg;

/// <summary>
/// Persistent state of one step of a secure-aggregation round attempt: who sent a message, in arrival order, with the
/// messages themselves. Accepting a message adds it here and writes this one record, so a message and its place in
/// the order become durable together, in one write, before the receipt. The masked-input step keeps no individual
/// message: only the running sum of the masked inputs (itself masked), which is all the protocol server keeps.
/// </summary>
public sealed class SecAggStepState
{
    /// <summary>Senders (participant ids) in arrival order.</summary>
    public List<string> Senders { get; set; } = [];

    /// <summary>Each sender's message (JSON), in the order of <see cref="Senders"/>; empty in the masked-input step.</summary>
    public List<byte[]> Messages { get; set; } = [];

    /// <summary>Masked-input step: the running sum of the senders' masked inputs (little-endian uint32), else null.</summary>
    public byte[]? MaskedSum { get; set; }
}
