namespace OrleansFed.Interfaces.SecAgg;

/// <summary>The outcome of a secure-aggregation attempt: the survivors' Z_(2^32) sum, never an individual input.</summary>
/// <param name="Finished">Whether the sum was reconstructed.</param>
/// <param name="Sum">The sum of the survivors' quantized vectors (empty unless finished).</param>
/// <param name="Contributors">How many inputs are in the sum.</param>
/// <param name="Spec">The privacy spec the attempt ran with.</param>
/// <param name="MaxSummands">The fixed-point headroom (selected participants).</param>
public sealed record SecAggRoundResult(bool Finished, ReadOnlyMemory<uint> Sum, int Contributors, string Spec, int MaxSummands);
