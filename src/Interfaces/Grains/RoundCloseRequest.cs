using OrleansFed.Interfaces.Wire;

namespace OrleansFed.Interfaces.Grains;

/// <summary>
/// Asks a round attempt to close now. It aggregates when every selected participant submitted
/// (<c>AllSubmitted</c>) or at least the minimum did (<c>Deadline</c>); otherwise it is abandoned.
/// </summary>
/// <param name="ClosedAt">The closing instant recorded in the history.</param>
/// <param name="CurrentModel">The global model the round started from (strategies such as server optimizers need it).</param>
public sealed record RoundCloseRequest(DateTimeOffset ClosedAt, ModelBlob CurrentModel)
{
    /// <summary>Server optimizer state before this round (FedAdam/FedYogi); <see langword="null"/> before the first step.</summary>
    public ServerOptimizerState? ServerState { get; init; }
}
