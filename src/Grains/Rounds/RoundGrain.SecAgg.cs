using System.Diagnostics;
using OrleansFed.Grains.Aggregation;
using OrleansFed.Grains.DifferentialPrivacy;
using OrleansFed.Grains.SecAgg;
using OrleansFed.Grains.Strategies;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.SecAgg;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Grains.Rounds;

/// <summary>
/// Closing a <c>secagg</c> attempt: the round takes the survivors' reconstructed sum from the attempt's
/// <see cref="ISecAggRoundGrain"/>, decodes the mean update delta, and hands the plan's (mean-based) strategy one
/// combined result — the only update this grain ever sees is that aggregate. Under <c>dp-distributed</c> the sum already
/// carries the participants' discrete Gaussian noise; it decodes to the noisy mean delta sum / (γ · contributors), and
/// the round's record has no sample count or loss (participants send neither: they would be un-noised).
/// </summary>
public sealed partial class RoundGrain
{
    private static bool IsSecAgg(RoundPlan plan) => PrivacyModes.UsesSecureAggregation(plan.Privacy);

    private ISecAggRoundGrain SecAggRound(RoundPlan plan) =>
        GrainFactory.GetGrain<ISecAggRoundGrain>(SecAggKeys.Round(plan.CampaignId, plan.Round, plan.Attempt));

    private async Task<RoundCloseResult> CloseSecAggAsync(RoundPlan plan, RoundCloseRequest request)
    {
        var s = state.State;
        var result = await SecAggRound(plan).GetResultAsync();
        if (!result.Finished)
        {
            s.Phase = RoundPhase.Abandoned;
            s.ClosedAt = request.ClosedAt;
            await state.WriteStateAsync();
            return new RoundCloseResult(false, result.Contributors, ReadOnlyMemory<float>.Empty, null);
        }

        var reason = result.Contributors == plan.Selected.Length ? CloseReason.AllSubmitted : CloseReason.Deadline;
        var closed = AggregateSecAgg(plan, request, reason, request.ClosedAt, result);
        s.Phase = RoundPhase.Aggregated;
        s.CloseReason = reason;
        s.ClosedAt = request.ClosedAt;
        await state.WriteStateAsync();
        return closed;
    }

    private async Task<RoundCloseResult> ReaggregateSecAggAsync(RoundPlan plan, RoundCloseRequest request) =>
        AggregateSecAgg(plan, request, state.State.CloseReason!.Value, state.State.ClosedAt!.Value, await SecAggRound(plan).GetResultAsync());

    private RoundCloseResult AggregateSecAgg(RoundPlan plan, RoundCloseRequest request, CloseReason reason, DateTimeOffset closedAt, SecAggRoundResult result)
    {
        if (!result.Finished)
        {
            throw new InvalidOperationException($"The secure-aggregation sum of round attempt {GetPrimaryKeyString()} is no longer available.");
        }

        using var activity = telemetry.ActivitySource.StartActivity("round.aggregate");
        activity?.SetTag("orleansfed.campaign", plan.CampaignId);
        activity?.SetTag("orleansfed.round", plan.Round);
        activity?.SetTag("orleansfed.privacy", PrivacyModes.NameOf(plan.Privacy));
        var started = Stopwatch.GetTimestamp();
        var weights = new float[plan.ParameterCount];
        var summary = DecodeSecAggSum(plan, result, weights);
        var current = request.CurrentModel.Weights.Span;
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] += current[i];
        }

        // One combined result: the survivors' mean model. Mean-based rules (FedAvg, FedProx, FedAdam, FedYogi) treat it
        // exactly as the mean of the individual models they never see.
        var aggregator = AggregatorSpec.Parse(plan.Aggregator);
        var combined = new FitResult("secagg-sum", Math.Max(1, summary.Samples), summary.MeanLoss, weights);
        var aggregate = strategies.Get(aggregator.Rule).Aggregate(
            new AggregationContext(plan.Round, request.CurrentModel.Weights, [combined], aggregator, request.ServerState));
        telemetry.AggregationDuration.Record(
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("protocol", plan.Protocol));
        var record = new RoundRecord
        {
            Round = plan.Round,
            Attempt = plan.Attempt,
            Participants = summary.Contributors,
            Samples = summary.Samples,
            ClosedAt = closedAt,
            CloseReason = reason,
            TrainLoss = summary.MeanLoss,
        };
        return new RoundCloseResult(true, summary.Contributors, aggregate.Weights, record) { ServerState = aggregate.ServerState };
    }

    /// <summary>Decodes the secure sum into the mean delta and the round's counters (none but the count under
    /// <c>dp-distributed</c>).</summary>
    private static SecAggSumSummary DecodeSecAggSum(RoundPlan plan, SecAggRoundResult result, Span<float> meanDelta)
    {
        if (DpDistributedRound.Is(plan.Privacy))
        {
            var codec = DpDistributedRound.Codec(PrivacyModeSpec.Parse(plan.Privacy), result.MaxSummands, plan.ParameterCount);
            return new SecAggSumSummary(codec.Decode(result.Sum.Span, meanDelta), 0, 0);
        }

        var spec = SecAggSpec.Parse(result.Spec);
        return new SecAggUpdateCodec(plan.ParameterCount, spec.Clip, spec.Bits, result.MaxSummands).Decode(result.Sum.Span, meanDelta);
    }
}
