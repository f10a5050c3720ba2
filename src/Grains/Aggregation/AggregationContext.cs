using OrleansFed.Grains.Strategies;
using OrleansFed.Interfaces.Grains;

namespace OrleansFed.Grains.Aggregation;

/// <summary>Everything an aggregation rule sees when it closes a round.</summary>
/// <param name="Round">Round number.</param>
/// <param name="CurrentGlobal">The global model the round started from.</param>
/// <param name="Results">Contributions, sorted by participant id; all of the model's length.</param>
/// <param name="Spec">The parsed rule spec (parameters with defaults).</param>
/// <param name="ServerState">Server optimizer state before this round; <see langword="null"/> before the first step.</param>
public sealed record AggregationContext(
    int Round,
    ReadOnlyMemory<float> CurrentGlobal,
    IReadOnlyList<FitResult> Results,
    AggregatorSpec Spec,
    ServerOptimizerState? ServerState);
