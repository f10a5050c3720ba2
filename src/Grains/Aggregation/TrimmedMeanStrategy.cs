using OrleansFed.Grains.Strategies;

namespace OrleansFed.Grains.Aggregation;

/// <summary>
/// Coordinate-wise trimmed mean (Yin et al. 2018): per parameter, sort the n values, drop the ⌊βn⌋ smallest and the
/// ⌊βn⌋ largest, and average the rest (unweighted). β ∈ [0, 0.5) (default 0.2) always leaves at least one value.
/// </summary>
public sealed class TrimmedMeanStrategy : IAggregationStrategy
{
    /// <inheritdoc />
    public string Name => AggregatorSpec.TrimmedMean;

    /// <inheritdoc />
    public FitPlan ConfigureFit(FitContext context) => FitPlanning.Plan(context);

    /// <inheritdoc />
    public AggregationResult AggregateFit(int round, ReadOnlyMemory<float> currentGlobal, IReadOnlyList<FitResult> results) =>
        Aggregate(new AggregationContext(round, currentGlobal, results, AggregatorSpec.Parse(Name), null));

    /// <inheritdoc />
    public AggregationResult Aggregate(AggregationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var results = context.Results;
        var length = results.Count > 0 ? results[0].Weights.Length : 0;
        var total = UpdateMath.Validate(results, length, 1, "Trimmed mean");
        var n = results.Count;
        var trim = (int)Math.Floor(context.Spec.TrimBeta * n);
        var kept = n - (2 * trim);
        var column = new float[n];
        var next = new float[length];
        for (var i = 0; i < length; i++)
        {
            for (var k = 0; k < n; k++)
            {
                column[k] = results[k].Weights.Span[i];
            }

            Array.Sort(column);
            double sum = 0;
            for (var k = trim; k < n - trim; k++)
            {
                sum += column[k];
            }

            next[i] = (float)(sum / kept);
        }

        return new AggregationResult(next, n, total, UpdateMath.WeightedLoss(results, total));
    }

    /// <inheritdoc />
    public ServerEvaluation? Evaluate(int round, ReadOnlyMemory<float> weights) => null;
}
