using OrleansFed.Grains.Strategies;

namespace OrleansFed.Grains.Aggregation;

/// <summary>
/// FedProx (Li et al. 2020). The server side is FedAvg's sample-weighted mean; what differs is the participants' local
/// objective, which adds the proximal term (μ/2)·‖w − w_global‖². The campaign passes μ to participants in the training
/// task (<c>proximalMu</c>); applying it is the client's job.
/// </summary>
public sealed class FedProxStrategy : IAggregationStrategy
{
    /// <inheritdoc />
    public string Name => AggregatorSpec.FedProx;

    /// <inheritdoc />
    public FitPlan ConfigureFit(FitContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var spec = AggregatorSpec.Parse(context.Config.Aggregator);
        return FitPlanning.Plan(context) with { ProximalMu = (float)(spec.Rule == Name ? spec.Mu : AggregatorSpec.DefaultMu) };
    }

    /// <inheritdoc />
    public AggregationResult AggregateFit(int round, ReadOnlyMemory<float> currentGlobal, IReadOnlyList<FitResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var length = results.Count > 0 ? results[0].Weights.Length : 0;
        var total = UpdateMath.Validate(results, length, 1, "FedProx");
        var mean = new float[length];
        var loss = UpdateMath.WeightedMean(results, total, mean);
        return new AggregationResult(mean, results.Count, total, loss);
    }

    /// <inheritdoc />
    public ServerEvaluation? Evaluate(int round, ReadOnlyMemory<float> weights) => null;
}
