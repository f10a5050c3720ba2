namespace OrleansFed.Interfaces.SecAgg;

/// <summary>The public parameters of one participant's secure-aggregation session in one round attempt.</summary>
public sealed record SecAggSession
{
    /// <summary>Session id bound into every key derivation and ciphertext (the round attempt's key).</summary>
    public required string SessionId { get; init; }

    /// <summary>This participant's party id (≥ 1; also its Shamir evaluation point).</summary>
    public required int PartyId { get; init; }

    /// <summary>Model parameters d; the masked vector has d + 3 elements (see docs/privacy-modes.md).</summary>
    public required int ParameterCount { get; init; }

    /// <summary>Shares needed to reconstruct a secret, t.</summary>
    public required int Threshold { get; init; }

    /// <summary>SecAgg+ neighbourhood size k, or 0 for the complete graph.</summary>
    public required int Degree { get; init; }

    /// <summary>Per-coordinate clipping bound of the update delta.</summary>
    public required double Clip { get; init; }

    /// <summary>Quantization bits (≤ 32).</summary>
    public required int Bits { get; init; }

    /// <summary>Most summands (the selected participants), for the fixed-point headroom.</summary>
    public required int MaxSummands { get; init; }
}
