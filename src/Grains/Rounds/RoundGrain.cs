using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using OrleansFed.Grains.Aggregation;
using OrleansFed.Grains.Strategies;
using OrleansFed.Grains.Telemetry;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.Rounds;

/// <summary>
/// One round attempt: validates and stores updates (durably, before acknowledging), answers duplicates
/// idempotently, and aggregates with the plan's strategy when closed. It never calls its campaign.
/// </summary>
[GrainType("round")]
public sealed partial class RoundGrain(
    [PersistentState("round")] IPersistentState<RoundState> state,
    AggregationStrategies strategies,
    GrainsTelemetry telemetry) : Grain, IRoundGrain
{
    async Task IRoundGrain.OpenAsync(RoundPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var s = state.State;
        if (s.Phase == RoundPhase.NotOpened)
        {
            s.Plan = plan;
            s.Phase = RoundPhase.Open;
            s.NoiseSeed = NewNoiseSeed(plan);
            await state.WriteStateAsync();
            return;
        }

        if (s.Plan is null || !SamePlan(s.Plan, plan))
        {
            throw new InvalidOperationException($"Round attempt {GetPrimaryKeyString()} was already opened with a different plan.");
        }

        // Re-opening after a pause or a restart may move the deadline; everything else must be identical.
        if (s.Phase == RoundPhase.Open && s.Plan.Deadline != plan.Deadline)
        {
            s.Plan = plan;
            await state.WriteStateAsync();
        }
    }

    async Task<RoundSubmitResult> IRoundGrain.SubmitAsync(string participantId, UpdateBlob update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var s = state.State;
        if (s.Phase != RoundPhase.Open || s.Plan is null)
        {
            throw new RoundClosedException(string.Create(CultureInfo.InvariantCulture,
                $"Round {update.Round} is not open for updates (attempt phase: {s.Phase})."));
        }

        var plan = s.Plan;
        if (!plan.Selected.Contains(participantId, StringComparer.Ordinal))
        {
            throw new NotSelectedException(string.Create(CultureInfo.InvariantCulture,
                $"Participant {participantId} is not selected for round {plan.Round} attempt {plan.Attempt}."));
        }

        if (s.Submissions.Exists(e => e.ParticipantId == participantId))
        {
            // First accepted update stands; a repeat is acknowledged and counted once.
            return new RoundSubmitResult(true, s.Submissions.Count, plan.Selected.Length);
        }

        if (update.Weights.Length != plan.ParameterCount)
        {
            throw new WrongLengthException(string.Create(CultureInfo.InvariantCulture,
                $"The update has {update.Weights.Length} values; the model has {plan.ParameterCount} parameters."));
        }

        // The update record is durable before the round counts it; if the process dies in between, the participant
        // gets no receipt, retries, and the record is simply written again.
        await GrainFactory.GetGrain<IRoundUpdateGrain>(UpdateKey(plan, participantId)).StoreAsync(update);
        s.Submissions.Add(new SubmissionEntry
        {
            ParticipantId = participantId,
            SampleCount = update.SampleCount,
            TrainLoss = update.TrainLoss,
            ReceivedAt = TimeProvider.GetUtcNow(),
        });
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            s.Submissions.RemoveAt(s.Submissions.Count - 1);
            throw;
        }

        return new RoundSubmitResult(false, s.Submissions.Count, plan.Selected.Length);
    }

    async Task<RoundCloseResult> IRoundGrain.CloseAsync(RoundCloseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var s = state.State;
        var plan = s.Plan ?? throw new InvalidOperationException($"Round attempt {GetPrimaryKeyString()} was never opened.");
        switch (s.Phase)
        {
            case RoundPhase.Abandoned:
                return new RoundCloseResult(false, s.Submissions.Count, ReadOnlyMemory<float>.Empty, null);
            case RoundPhase.Aggregated:
                // Closed before (e.g. just before a crash): recompute the identical result from the stored updates.
                return IsSecAgg(plan)
                    ? await ReaggregateSecAggAsync(plan, request)
                    : await AggregateAsync(plan, request, s.CloseReason!.Value, s.ClosedAt!.Value);
        }

        if (IsSecAgg(plan))
        {
            return await CloseSecAggAsync(plan, request);
        }

        var count = s.Submissions.Count;
        var all = count == plan.Selected.Length;

        // Fewer updates than the rule can aggregate (e.g. Multi-Krum's n > 2f + 2) abandons the attempt like a missed
        // minimum, so the campaign's retry logic handles it.
        if ((!all && count < plan.MinParticipants) || count < MinimumUpdates(plan))
        {
            s.Phase = RoundPhase.Abandoned;
            s.ClosedAt = request.ClosedAt;
            await state.WriteStateAsync();
            return new RoundCloseResult(false, count, ReadOnlyMemory<float>.Empty, null);
        }

        var reason = all ? CloseReason.AllSubmitted : CloseReason.Deadline;
        var result = await AggregateAsync(plan, request, reason, request.ClosedAt);
        s.Phase = RoundPhase.Aggregated;
        s.CloseReason = reason;
        s.ClosedAt = request.ClosedAt;
        await state.WriteStateAsync();
        return result;
    }

    Task<RoundSummary> IRoundGrain.GetSummaryAsync()
    {
        var s = state.State;
        var submitted = s.Submissions.Select(e => e.ParticipantId).Order(StringComparer.Ordinal).ToImmutableArray();
        var samples = s.Submissions.Sum(e => e.SampleCount);
        return Task.FromResult(new RoundSummary(s.Phase, s.Plan?.Selected ?? [], submitted, samples));
    }

    async Task IRoundGrain.ReleaseUpdatesAsync()
    {
        var s = state.State;
        if (s.Plan is null || s.UpdatesReleased || s.Phase == RoundPhase.Open)
        {
            return;
        }

        if (IsSecAgg(s.Plan))
        {
            await SecAggRound(s.Plan).ReleaseAsync();
        }

        foreach (var entry in s.Submissions)
        {
            await GrainFactory.GetGrain<IRoundUpdateGrain>(UpdateKey(s.Plan, entry.ParticipantId)).ClearAsync();
        }

        s.UpdatesReleased = true;
        s.NoiseSeed = null;
        await state.WriteStateAsync();
    }

    private async Task<RoundCloseResult> AggregateAsync(RoundPlan plan, RoundCloseRequest request, CloseReason reason, DateTimeOffset closedAt)
    {
        if (state.State.UpdatesReleased)
        {
            throw new InvalidOperationException($"The updates of round attempt {GetPrimaryKeyString()} were already released.");
        }

        using var activity = telemetry.ActivitySource.StartActivity("round.aggregate");
        activity?.SetTag("orleansfed.campaign", plan.CampaignId);
        activity?.SetTag("orleansfed.round", plan.Round);
        var started = Stopwatch.GetTimestamp();

        // Deterministic order (participant id) so a repeated close yields bitwise the same model.
        var entries = state.State.Submissions.OrderBy(e => e.ParticipantId, StringComparer.Ordinal).ToList();
        var results = new List<FitResult>(entries.Count);
        foreach (var entry in entries)
        {
            var update = await GrainFactory.GetGrain<IRoundUpdateGrain>(UpdateKey(plan, entry.ParticipantId)).GetAsync()
                ?? throw new InvalidOperationException(
                    $"The stored update of {entry.ParticipantId} in round attempt {GetPrimaryKeyString()} is missing.");
            results.Add(new FitResult(entry.ParticipantId, update.SampleCount, update.TrainLoss, update.Weights));
        }

        var spec = AggregatorSpec.Parse(plan.Aggregator);
        double? nextClipNorm = null;
        AggregationResult aggregate;
        if (IsDpCentral(plan))
        {
            (aggregate, nextClipNorm) = AggregateDpCentral(plan, request, results);
        }
        else
        {
            aggregate = strategies.Get(spec.Rule).Aggregate(
                new AggregationContext(plan.Round, request.CurrentModel.Weights, results, spec, request.ServerState));
        }

        telemetry.AggregationDuration.Record(
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("protocol", plan.Protocol));
        var record = new RoundRecord
        {
            Round = plan.Round,
            Attempt = plan.Attempt,
            Participants = aggregate.Participants,
            Samples = aggregate.Samples,
            ClosedAt = closedAt,
            CloseReason = reason,
            TrainLoss = aggregate.TrainLoss,
        };
        return new RoundCloseResult(true, entries.Count, aggregate.Weights, record) { ServerState = aggregate.ServerState, NextClipNorm = nextClipNorm };
    }

    private static bool SamePlan(RoundPlan a, RoundPlan b) =>
        a.CampaignId == b.CampaignId && a.Round == b.Round && a.Attempt == b.Attempt &&
        a.Protocol == b.Protocol && a.Aggregator == b.Aggregator && a.ParameterCount == b.ParameterCount && a.MinParticipants == b.MinParticipants &&
        a.Denominator == b.Denominator &&
        a.Selected.SequenceEqual(b.Selected, StringComparer.Ordinal);

    private static string UpdateKey(RoundPlan plan, string participantId) =>
        GrainKeys.Update(plan.CampaignId, plan.Round, plan.Attempt, participantId);
}
