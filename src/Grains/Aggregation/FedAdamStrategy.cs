using OrleansFed.Grains.Strategies;

namespace OrleansFed.Grains.Aggregation;

/// <summary>
/// FedAdam (Reddi et al. 2021): Adam on the server over the pseudo-gradient Δ = avg(wₖ) − x, with
/// v ← β₂v + (1 − β₂)Δ². Defaults η = 0.1, β₁ = 0.9, β₂ = 0.99, τ = 1e-3. The moments are durable server state.
/// </summary>
public sealed class FedAdamStrategy : IAggregationStrategy
{
    /// <inheritdoc />
    public string Name => AggregatorSpec.FedAdam;

    /// <inheritdoc />
    public FitPlan ConfigureFit(FitContext context) => FitPlanning.Plan(context);

    /// <inheritdoc />
    public AggregationResult AggregateFit(int round, ReadOnlyMemory<float> currentGlobal, IReadOnlyList<FitResult> results) =>
        Aggregate(new AggregationContext(round, currentGlobal, results, AggregatorSpec.Parse(Name), null));

    /// <inheritdoc />
    public AggregationResult Aggregate(AggregationContext context) =>
        AdaptiveServerStep.Run(context, "FedAdam", static (v, delta, beta2) => (beta2 * v) + ((1 - beta2) * delta * delta));

    /// <inheritdoc />
    public ServerEvaluation? Evaluate(int round, ReadOnlyMemory<float> weights) => null;
}
