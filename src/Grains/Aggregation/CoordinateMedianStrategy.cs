using OrleansFed.Grains.Strategies;

namespace OrleansFed.Grains.Aggregation;

/// <summary>
/// Coordinate-wise median (Yin et al. 2018): each parameter of the next model is the median of that parameter over the
/// updates (the mean of the two middle values when their number is even). Unweighted: sample counts are self-reported
/// and not trusted by a robust rule. The reported loss is the sample-weighted mean of reported losses.
/// </summary>
public sealed class CoordinateMedianStrategy : IAggregationStrategy
{
    /// <inheritdoc />
    public string Name => AggregatorSpec.Median;

    /// <inheritdoc />
    public FitPlan ConfigureFit(FitContext context) => FitPlanning.Plan(context);

    /// <inheritdoc />
    public AggregationResult AggregateFit(int round, ReadOnlyMemory<float> currentGlobal, IReadOnlyList<FitResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var length = results.Count > 0 ? results[0].Weights.Length : 0;
        var total = UpdateMath.Validate(results, length, 1, "Coordinate-wise median");
        var n = results.Count;
        var column = new float[n];
        var next = new float[length];
        for (var i = 0; i < length; i++)
        {
            for (var k = 0; k < n; k++)
            {
                column[k] = results[k].Weights.Span[i];
            }

            Array.Sort(column);
            next[i] = n % 2 == 1 ? column[n / 2] : (float)((column[(n / 2) - 1] + (double)column[n / 2]) / 2);
        }

        return new AggregationResult(next, n, total, UpdateMath.WeightedLoss(results, total));
    }

    /// <inheritdoc />
    public ServerEvaluation? Evaluate(int round, ReadOnlyMemory<float> weights) => null;
}
