using OrleansFed.Grains.Strategies;

namespace OrleansFed.Grains.DifferentialPrivacy;

/// <summary>What one DP-FedAvg aggregation produced.</summary>
/// <param name="Aggregate">The next global model and round metrics (train loss: unweighted mean of the reports).</param>
/// <param name="ClipNorm">C used in this round.</param>
/// <param name="NextClipNorm">C of the next round with adaptive clipping; <see langword="null"/> when fixed.</param>
/// <param name="Unclipped">Updates whose norm was at most C (exact; not released).</param>
/// <param name="NoisyUnclippedFraction">The noisy fraction of unclipped updates that moved C (adaptive only).</param>
public sealed record DpCentralOutcome(
    AggregationResult Aggregate, double ClipNorm, double? NextClipNorm, int Unclipped, double? NoisyUnclippedFraction);
