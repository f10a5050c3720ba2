namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>The output of secure aggregation: Σ x_u over Z_(2^32) for the parties in <paramref name="Contributors"/>.</summary>
/// <param name="Sum">The sum of the survivors' quantized inputs.</param>
/// <param name="Contributors">U3: whose inputs are in the sum.</param>
public sealed record AggregationResult(ReadOnlyMemory<uint> Sum, IReadOnlyList<int> Contributors);
