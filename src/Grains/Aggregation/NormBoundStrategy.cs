using OrleansFed.Grains.Strategies;

namespace OrleansFed.Grains.Aggregation;

/// <summary>
/// Norm bounding (Sun et al. 2019): each update's difference to the global model, dₖ = wₖ − x, is scaled down to L2
/// norm at most M (dₖ · min(1, M/‖dₖ‖)); the next model is x + Σₖ (nₖ/N)·clip(dₖ), FedAvg over the clipped differences.
/// </summary>
public sealed class NormBoundStrategy : IAggregationStrategy
{
    /// <inheritdoc />
    public string Name => AggregatorSpec.NormBound;

    /// <inheritdoc />
    public FitPlan ConfigureFit(FitContext context) => FitPlanning.Plan(context);

    /// <inheritdoc />
    public AggregationResult AggregateFit(int round, ReadOnlyMemory<float> currentGlobal, IReadOnlyList<FitResult> results) =>
        throw new InvalidOperationException("Norm bounding needs its bound M; call Aggregate with a parsed spec (e.g. norm-bound:5.0).");

    /// <inheritdoc />
    public AggregationResult Aggregate(AggregationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var results = context.Results;
        var length = context.CurrentGlobal.Length;
        var total = UpdateMath.Validate(results, length, 1, "Norm bounding");
        var bound = context.Spec.Bound;
        var global = context.CurrentGlobal.Span;
        var sum = new double[length];
        foreach (var result in results)
        {
            var weights = result.Weights.Span;
            var norm = Math.Sqrt(UpdateMath.SquaredDistance(weights, global));
            var scale = norm > bound ? bound / norm : 1.0;
            var share = (double)result.SampleCount / total;
            for (var i = 0; i < length; i++)
            {
                sum[i] += share * scale * (weights[i] - (double)global[i]);
            }
        }

        var next = new float[length];
        for (var i = 0; i < length; i++)
        {
            next[i] = (float)(global[i] + sum[i]);
        }

        return new AggregationResult(next, results.Count, total, UpdateMath.WeightedLoss(results, total));
    }

    /// <inheritdoc />
    public ServerEvaluation? Evaluate(int round, ReadOnlyMemory<float> weights) => null;
}
