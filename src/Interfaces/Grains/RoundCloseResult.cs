using OrleansFed.Interfaces.Api;

namespace OrleansFed.Interfaces.Grains;

/// <summary>
/// Outcome of closing a round attempt. Closing an already aggregated attempt returns the same result again
/// (recomputed deterministically from the stored updates), so a campaign that crashed mid-close can finish it.
/// </summary>
/// <param name="Aggregated">Whether an aggregate was produced (false: fewer than the minimum updates arrived).</param>
/// <param name="Received">Number of updates stored for the attempt.</param>
/// <param name="Weights">The new global model's parameters when <paramref name="Aggregated"/>.</param>
/// <param name="Record">The history entry when <paramref name="Aggregated"/> (its model version is filled in by the campaign).</param>
public sealed record RoundCloseResult(bool Aggregated, int Received, ReadOnlyMemory<float> Weights, RoundRecord? Record)
{
    /// <summary>Server optimizer state after this round, for rules that keep one (FedAdam/FedYogi).</summary>
    public ServerOptimizerState? ServerState { get; init; }

    /// <summary><c>dp-central</c> with adaptive clipping: the clipping norm of the next round.</summary>
    public double? NextClipNorm { get; init; }
}
