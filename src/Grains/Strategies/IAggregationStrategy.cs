namespace OrleansFed.Grains.Strategies;

/// <summary>
/// One federated aggregation rule (Flower's <c>Strategy</c>): configure a round, aggregate what came back, evaluate.
/// Each rule is its own class registered in DI; adding one (FedProx, coordinate-wise median, FedYogi…) never touches
/// another. Implementations are stateless and deterministic: the same inputs give bitwise the same outputs, which
/// lets a round that was closed before a crash be closed again with the identical result.
/// </summary>
public interface IAggregationStrategy
{
    /// <summary>Protocol name used in <c>CampaignConfig.Protocol</c>, lower case (e.g. <c>fedavg</c>).</summary>
    string Name { get; }

    /// <summary>Chooses the participants of a round attempt and their local training settings.</summary>
    /// <param name="context">Configuration, round, attempt and enrolled participants.</param>
    /// <returns>The plan; it selects at least <c>MinParticipants</c> when enough are enrolled.</returns>
    FitPlan ConfigureFit(FitContext context);

    /// <summary>Aggregates the contributions of a round into the next global model.</summary>
    /// <param name="round">Round number.</param>
    /// <param name="currentGlobal">The global model the round started from.</param>
    /// <param name="results">Contributions, sorted by participant id; at least one; all of the model's length.</param>
    /// <returns>The next global model and round metrics.</returns>
    AggregationResult AggregateFit(int round, ReadOnlyMemory<float> currentGlobal, IReadOnlyList<FitResult> results);

    /// <summary>
    /// Aggregates with the full context: the parsed rule parameters and the server optimizer state. Rules with
    /// parameters or server state override this; the default ignores both and calls <see cref="AggregateFit"/>.
    /// </summary>
    /// <param name="context">Round, current global model, contributions, spec and server optimizer state.</param>
    /// <returns>The next global model, round metrics and (for server optimizers) the next optimizer state.</returns>
    AggregationResult Aggregate(Aggregation.AggregationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AggregateFit(context.Round, context.CurrentGlobal, context.Results);
    }

    /// <summary>Evaluates a global model on the server, if the strategy holds evaluation data.</summary>
    /// <param name="round">Round that produced the model.</param>
    /// <param name="weights">The model's parameters.</param>
    /// <returns>The evaluation, or <see langword="null"/> when the strategy does not evaluate centrally.</returns>
    ServerEvaluation? Evaluate(int round, ReadOnlyMemory<float> weights);
}
