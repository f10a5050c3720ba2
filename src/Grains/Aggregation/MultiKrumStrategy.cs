using System.Globalization;
using OrleansFed.Grains.Strategies;

namespace OrleansFed.Grains.Aggregation;

/// <summary>
/// Multi-Krum (Blanchard et al. 2017). With n updates of which at most f are Byzantine (n &gt; 2f + 2), each update's
/// score is the sum of squared L2 distances to its n − f − 2 nearest other updates; the m lowest-scoring updates
/// (default m = n − f; ties go to the lower participant id) are averaged without weights, as in the paper — sample
/// counts are self-reported and not trusted. The reported loss and samples are those of the selected updates.
/// </summary>
public sealed class MultiKrumStrategy : IAggregationStrategy
{
    /// <inheritdoc />
    public string Name => AggregatorSpec.MultiKrum;

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
        var spec = context.Spec;
        var f = spec.ByzantineCount;
        var length = results.Count > 0 ? results[0].Weights.Length : 0;
        UpdateMath.Validate(results, length, spec.MinimumUpdates, string.Create(CultureInfo.InvariantCulture, $"Multi-Krum (f={f})"));
        var n = results.Count;
        var select = spec.SelectCount ?? (n - f);

        var distances = new double[n, n];
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++)
            {
                distances[a, b] = distances[b, a] = UpdateMath.SquaredDistance(results[a].Weights.Span, results[b].Weights.Span);
            }
        }

        var neighbours = n - f - 2;
        var scores = new double[n];
        var row = new double[n - 1];
        for (var a = 0; a < n; a++)
        {
            var j = 0;
            for (var b = 0; b < n; b++)
            {
                if (b != a)
                {
                    row[j++] = distances[a, b];
                }
            }

            Array.Sort(row);
            for (var k = 0; k < neighbours; k++)
            {
                scores[a] += row[k];
            }
        }

        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        // Stable on ties: the lower index (participant id order) wins.
        Array.Sort(order, (x, y) => scores[x] != scores[y] ? scores[x].CompareTo(scores[y]) : x.CompareTo(y));
        var next = new float[length];
        var sum = new double[length];
        long samples = 0;
        double loss = 0;
        for (var s = 0; s < select; s++)
        {
            var chosen = results[order[s]];
            var weights = chosen.Weights.Span;
            for (var i = 0; i < length; i++)
            {
                sum[i] += weights[i];
            }

            samples += chosen.SampleCount;
            loss += chosen.TrainLoss;
        }

        for (var i = 0; i < length; i++)
        {
            next[i] = (float)(sum[i] / select);
        }

        return new AggregationResult(next, select, samples, loss / select);
    }

    /// <inheritdoc />
    public ServerEvaluation? Evaluate(int round, ReadOnlyMemory<float> weights) => null;
}
