namespace OrleansFed.Grains.Strategies;

/// <summary>What a strategy produced from a round's contributions.</summary>
/// <param name="Weights">The next global model's parameters.</param>
/// <param name="Participants">Number of contributions aggregated.</param>
/// <param name="Samples">Total samples behind them.</param>
/// <param name="TrainLoss">Aggregated training loss (FedAvg: sample-weighted mean).</param>
public sealed record AggregationResult(ReadOnlyMemory<float> Weights, int Participants, long Samples, double TrainLoss)
{
    /// <summary>The server optimizer state after this round (FedAdam/FedYogi); <see langword="null"/> for stateless rules.</summary>
    public Interfaces.Grains.ServerOptimizerState? ServerState { get; init; }
}
