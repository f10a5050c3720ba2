using System.Numerics.Tensors;

namespace OrleansFed.Grains.Strategies;

/// <summary>
/// Federated averaging (McMahan et al. 2017): sample up to <c>ParticipantsPerRound</c> participants, then set the
/// global model to the mean of their trained weights weighted by sample count, w = Σₖ (nₖ / N) · wₖ.
/// </summary>
public sealed class FedAvgStrategy : IAggregationStrategy
{
    /// <summary>The protocol name, <c>fedavg</c>.</summary>
    public const string ProtocolName = "fedavg";

    /// <inheritdoc />
    public string Name => ProtocolName;

    /// <inheritdoc />
    public FitPlan ConfigureFit(FitContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = context.Config;
        var count = config.ParticipantsPerRound ?? context.Enrolled.Length;
        var selected = ParticipantSampler.Sample(context.Enrolled, count, config.Seed, context.Round, context.Attempt);
        return new FitPlan(
            selected,
            config.LocalEpochs,
            config.BatchSize,
            config.LearningRate,
            ParticipantSampler.TrainingSeed(config.Seed, context.Round, context.Attempt));
    }

    /// <inheritdoc />
    public AggregationResult AggregateFit(int round, ReadOnlyMemory<float> currentGlobal, IReadOnlyList<FitResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            throw new ArgumentException("FedAvg needs at least one contribution.", nameof(results));
        }

        var length = results[0].Weights.Length;
        long total = 0;
        foreach (var result in results)
        {
            if (result.Weights.Length != length)
            {
                throw new ArgumentException("All contributions must have the same length.", nameof(results));
            }

            if (result.SampleCount <= 0)
            {
                throw new ArgumentException("Every contribution needs a positive sample count.", nameof(results));
            }

            total = checked(total + result.SampleCount);
        }

        var sum = new float[length];
        double loss = 0;
        foreach (var result in results)
        {
            var share = (double)result.SampleCount / total;
            TensorPrimitives.MultiplyAdd(result.Weights.Span, (float)share, sum, sum);
            loss += share * result.TrainLoss;
        }

        return new AggregationResult(sum, results.Count, total, loss);
    }

    /// <inheritdoc />
    public ServerEvaluation? Evaluate(int round, ReadOnlyMemory<float> weights) => null;
}
