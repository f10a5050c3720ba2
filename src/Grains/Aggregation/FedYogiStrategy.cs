using OrleansFed.Grains.Strategies;

namespace OrleansFed.Grains.Aggregation;

/// <summary>
/// FedYogi (Reddi et al. 2021): Yogi on the server over the pseudo-gradient Δ = avg(wₖ) − x, with
/// v ← v − (1 − β₂)Δ²·sign(v − Δ²), which grows v more cautiously than Adam. Defaults η = 0.01, β₁ = 0.9, β₂ = 0.99,
/// τ = 1e-3. The moments are durable server state.
/// </summary>
public sealed class FedYogiStrategy : IAggregationStrategy
{
    /// <inheritdoc />
    public string Name => AggregatorSpec.FedYogi;

    /// <inheritdoc />
    public FitPlan ConfigureFit(FitContext context) => FitPlanning.Plan(context);

    /// <inheritdoc />
    public AggregationResult AggregateFit(int round, ReadOnlyMemory<float> currentGlobal, IReadOnlyList<FitResult> results) =>
        Aggregate(new AggregationContext(round, currentGlobal, results, AggregatorSpec.Parse(Name), null));

    /// <inheritdoc />
    public AggregationResult Aggregate(AggregationContext context) =>
        AdaptiveServerStep.Run(context, "FedYogi", static (v, delta, beta2) =>
        {
            var squared = delta * delta;
            return v - ((1 - beta2) * squared * Math.Sign(v - squared));
        });

    /// <inheritdoc />
    public ServerEvaluation? Evaluate(int round, ReadOnlyMemory<float> weights) => null;
}
