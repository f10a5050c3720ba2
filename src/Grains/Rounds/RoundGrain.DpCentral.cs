using System.Security.Cryptography;
using OrleansFed.Grains.Aggregation;
using OrleansFed.Grains.DifferentialPrivacy;
using OrleansFed.Grains.Strategies;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Grains.Rounds;

/// <summary>
/// <c>dp-central</c> rounds: the attempt clips, sums and noises its updates with <see cref="DpCentralAggregator"/>
/// instead of the plain rule. The noise comes from an AES-CTR stream keyed by the attempt's secret seed (drawn from the
/// OS CSPRNG when the attempt opened), so a repeated close releases the identical model rather than a second noisy copy.
/// </summary>
public sealed partial class RoundGrain
{
    private static bool IsDpCentral(RoundPlan plan) => PrivacyModes.NameOf(plan.Privacy) == PrivacyModes.DpCentral;

    /// <summary>The fewest updates the attempt aggregates: the rule's minimum, or none for a Poisson-sampled
    /// <c>dp-central</c> attempt (its step is defined for any number, and its sample must not be re-drawn).</summary>
    private static int MinimumUpdates(RoundPlan plan) =>
        plan.Denominator is not null ? 0 : AggregatorSpec.Parse(plan.Aggregator).MinimumUpdates;

    private static byte[]? NewNoiseSeed(RoundPlan plan) =>
        IsDpCentral(plan) ? RandomNumberGenerator.GetBytes(AesCtrRandomSource.SeedLength) : null;

    private (AggregationResult Aggregate, double? NextClipNorm) AggregateDpCentral(
        RoundPlan plan, RoundCloseRequest request, IReadOnlyList<FitResult> results)
    {
        var spec = PrivacyModeSpec.Parse(plan.Privacy);
        var seed = state.State.NoiseSeed
            ?? throw new InvalidOperationException($"Round attempt {GetPrimaryKeyString()} has no noise seed; it cannot add DP noise.");
        using var random = new AesCtrRandomSource(seed);
        var outcome = DpCentralAggregator.Aggregate(
            request.CurrentModel.Weights.Span, results, plan.Denominator ?? plan.Selected.Length, plan.ClipNorm ?? spec.ClipNorm, spec, random);
        return (outcome.Aggregate, outcome.NextClipNorm);
    }
}
