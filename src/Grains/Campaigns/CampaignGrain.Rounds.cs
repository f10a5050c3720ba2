using System.Globalization;
using OrleansFed.Grains.Aggregation;
using OrleansFed.Grains.Sampling;
using OrleansFed.Grains.Strategies;
using OrleansFed.Grains.Telemetry;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.Campaigns;

/// <summary>
/// Round driving. The deadline of each attempt is a durable one-shot reminder of the campaign grain (named per
/// attempt), not of the round grain: calls then flow only campaign → round, and a non-reentrant round never waits on
/// its campaign. A stale or early tick is harmless because the handler acts only on the durable state.
/// </summary>
public sealed partial class CampaignGrain
{
    private const string DeadlineReminderPrefix = "deadline-";

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!reminderName.StartsWith(DeadlineReminderPrefix, StringComparison.Ordinal))
        {
            return;
        }

        if (!state.RecordExists)
        {
            await ClearRemindersAsync();
            return;
        }

        await EnsureDrivenAsync();
        if (S.State != CampaignState.Running || !S.AttemptOpen || reminderName != DeadlineReminderName())
        {
            return;
        }

        if (IsSecAgg)
        {
            await SecAggDeadlineAsync();
            return;
        }

        if (TimeProvider.GetUtcNow() < S.Deadline)
        {
            await ArmDeadlineAsync();
            return;
        }

        await CloseAttemptAsync();
    }

    /// <summary>Closes the open attempt: commits its aggregate as the next model and round, or retries/fails it.</summary>
    private async Task CloseAttemptAsync()
    {
        if (!S.AttemptOpen)
        {
            return;
        }

        var round = S.CurrentRound;
        var attempt = S.CurrentAttempt;
        using var activity = telemetry.ActivitySource.StartActivity("campaign.close-round");
        activity?.SetTag("orleansfed.campaign", Id);
        activity?.SetTag("orleansfed.round", round);
        activity?.SetTag("orleansfed.attempt", attempt);

        var roundGrain = RoundGrain(round, attempt);
        var result = IsPaillier
            ? await ClosePaillierAttemptAsync(round, attempt)
            : await roundGrain.CloseAsync(new RoundCloseRequest(TimeProvider.GetUtcNow(), CurrentModel()) { ServerState = CurrentServerState() });
        if (result is null)
        {
            // Paillier: collection closed, the encrypted sum awaits the key holder's decryption.
            AfterTransition();
            return;
        }

        RoundPlan? next = null;
        if (result.Aggregated)
        {
            var version = S.ModelVersion + 1;
            var epsilon = await RoundEpsilonAsync(round);
            var budget = round < Config.Rounds ? await CheckBudgetAsync(round + 1, S.Participants.Count) : default;
            await MutateAsync(async () =>
            {
                // Checkpoint before status: after a crash in between, the campaign still sees the round open and closes
                // it again; the history gets the round once. A checkpoint that already holds this version was written
                // by the interrupted close and is kept: rules with server state (FedAdam) recompute from the model they
                // are handed, which is by then the new one, so only the first result counts.
                if (checkpoint.State.ModelVersion != version)
                {
                    checkpoint.State = new CheckpointState
                    {
                        ModelVersion = version,
                        Weights = FloatBytes.ToBytes(result.Weights.Span),
                        ServerStep = result.ServerState?.Step ?? 0,
                        FirstMoment = result.ServerState is { } st ? FloatBytes.ToBytes(st.FirstMoment.Span) : null,
                        SecondMoment = result.ServerState is { } sv ? FloatBytes.ToBytes(sv.SecondMoment.Span) : null,
                    };
                    await checkpoint.WriteStateAsync();
                }

                _model = null;

                var record = result.Record! with { ModelVersion = version, Epsilon = epsilon };
                S.History.RemoveAll(r => r.Round == round);
                S.History.Add(record);
                S.CompletedRounds = round;
                S.ModelVersion = version;
                S.Epsilon = epsilon ?? S.Epsilon;
                S.DpClipNorm = result.NextClipNorm ?? S.DpClipNorm;
                S.AttemptOpen = false;
                S.Selected = [];
                if (round >= Config.Rounds)
                {
                    S.State = CampaignState.Completed;
                    S.Message = string.Create(CultureInfo.InvariantCulture, $"Completed all {Config.Rounds} rounds.");
                }
                else if (budget.Refusal is not null)
                {
                    EndForBudget(budget.Refusal);
                }
                else
                {
                    next = PlanAttempt(round + 1, 1);
                    S.PendingPrivacyEvent = budget.Event;
                }

                await state.WriteStateAsync();
            });
            telemetry.RoundsCompleted.Add(1, new KeyValuePair<string, object?>("protocol", Config.Protocol));
            var r = result.Record!;
            GrainsLog.RoundCompleted(logger, Id, round, attempt, r.CloseReason, r.Participants, r.Samples, r.TrainLoss, version);
        }
        else
        {
            telemetry.RoundsRetried.Add(1);
            var minimum = EffectiveMinimum();
            GrainsLog.AttemptAbandoned(logger, Id, round, attempt, result.Received, minimum);
            var budget = attempt <= Config.MaxRetriesPerRound ? await CheckBudgetAsync(round, S.Participants.Count) : default;
            await MutateAsync(async () =>
            {
                if (attempt <= Config.MaxRetriesPerRound && budget.Refusal is not null)
                {
                    EndForBudget(budget.Refusal);
                }
                else if (attempt <= Config.MaxRetriesPerRound)
                {
                    next = PlanAttempt(round, attempt + 1);
                    S.PendingPrivacyEvent = budget.Event;
                }
                else
                {
                    S.State = CampaignState.Failed;
                    S.AttemptOpen = false;
                    S.Selected = [];
                    S.Message = string.Create(CultureInfo.InvariantCulture,
                        $"Round {round} failed: each of its {attempt} attempts ended with fewer than the minimum of " +
                        $"{minimum} updates (last attempt: {result.Received}).");
                }

                await state.WriteStateAsync();
            });
        }

        await ReleaseQuietlyAsync(roundGrain, round, attempt);
        if (IsPaillier)
        {
            await ReleasePaillierQuietlyAsync(round, attempt);
        }
        if (next is not null)
        {
            await TryActivateAttemptAsync(next);
        }
        else
        {
            await ClearRemindersAsync();
            if (HasEnded)
            {
                telemetry.CampaignsEnded.Add(1, new KeyValuePair<string, object?>("state", S.State.ToString()));
            }
        }

        AfterTransition();
    }

    /// <summary>Plans an attempt in memory (the caller writes the state, then activates the plan).</summary>
    private RoundPlan PlanAttempt(int round, int attempt)
    {
        var config = Config;
        var spec = AggregatorSpec.Parse(config.Aggregator);
        var sampled = RoundSampler.Draw(config, round, attempt, S.Participants, RoundSampler.DrawsSecretly(config) ? sampling.Create() : null);
        var fit = strategies.Get(spec.Rule).ConfigureFit(new FitContext(config, round, attempt, sampled));
        S.State = CampaignState.Running;
        S.Message = null;
        S.CurrentRound = round;
        S.CurrentAttempt = attempt;
        S.AttemptOpen = true;
        S.Selected = [.. fit.Selected];
        var poisson = RoundSampler.IsPoisson(config);
        S.DpDenominator = poisson ? RoundSampler.ExpectedSize(config, S.Participants.Count) : null;
        // A Poisson sample may be empty: nobody to wait for, so the attempt closes at once (its step is the noise alone).
        S.Deadline = TimeProvider.GetUtcNow().AddSeconds(poisson && S.Selected.Count == 0 ? 0 : config.RoundTimeoutSeconds);
        S.Fit = new FitSettings
        {
            LocalEpochs = fit.LocalEpochs,
            BatchSize = fit.BatchSize,
            LearningRate = fit.LearningRate,
            Seed = fit.Seed,
            ProximalMu = fit.ProximalMu,
        };
        return CurrentPlan();
    }

    // Under Poisson sampling an attempt is never abandoned for too few updates: re-drawing until enough arrive would
    // condition the sample on its size, which the subsampled-Gaussian analysis does not cover.
    private RoundPlan CurrentPlan() => new(
        Id, S.CurrentRound, S.CurrentAttempt, Config.Protocol, [.. S.Selected], S.ParameterCount,
        S.DpDenominator is null ? Config.MinParticipants : 0, S.Deadline)
    {
        Aggregator = Config.Aggregator,
        Privacy = Config.Privacy,
        ClipNorm = PlannedClipNorm(),
        Denominator = S.DpDenominator,
    };

    /// <summary>Fewest updates a round closes with: the configured minimum, raised to what the rule needs.</summary>
    private int EffectiveMinimum() => Math.Max(Config.MinParticipants, AggregatorSpec.Parse(Config.Aggregator).MinimumUpdates);

    private ServerOptimizerState? CurrentServerState() =>
        checkpoint.State.FirstMoment is { } m && checkpoint.State.SecondMoment is { } v
            ? new ServerOptimizerState(checkpoint.State.ServerStep, FloatBytes.ToFloats(m), FloatBytes.ToFloats(v))
            : null;

    /// <summary>Opens the planned attempt's round grain and arms its deadline. Idempotent. A failure is logged and
    /// left to the next activation or call to re-drive; the plan itself is already durable.</summary>
    private async Task TryActivateAttemptAsync(RoundPlan plan)
    {
        try
        {
            await ChargeOpenAttemptAsync();
            await RoundGrain(plan.Round, plan.Attempt).OpenAsync(plan);
            await ArmDeadlineAsync();
            GrainsLog.AttemptOpened(logger, Id, plan.Round, plan.Attempt, plan.Selected.Length, plan.Deadline);
        }
#pragma warning disable CA1031 // Logged; re-driven on the next call or activation.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _driven = false;
            GrainsLog.CloseFailed(logger, ex, Id, plan.Round, plan.Attempt);
        }

        changes.Pulse(Id);
    }

    private async Task ArmDeadlineAsync()
    {
        // Under secagg each step has its own deadline: tick now and let the round grain say when the current step closes.
        var due = IsSecAgg ? TimeSpan.Zero : S.Deadline - TimeProvider.GetUtcNow();
        await RegisterOrUpdateReminder(DeadlineReminderName(), due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task ClearRemindersAsync()
    {
        foreach (var reminder in await GetReminders())
        {
            await UnregisterReminder(reminder);
        }
    }

    private async Task ReleaseQuietlyAsync(IRoundGrain roundGrain, int round, int attempt)
    {
        try
        {
            await roundGrain.ReleaseUpdatesAsync();
        }
#pragma warning disable CA1031 // Releasing only reclaims storage; the outcome is already durable.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            GrainsLog.ReleaseFailed(logger, ex, Id, round, attempt);
        }
    }

    private string DeadlineReminderName() =>
        string.Create(CultureInfo.InvariantCulture, $"{DeadlineReminderPrefix}r{S.CurrentRound}-a{S.CurrentAttempt}");

    private IRoundGrain RoundGrain(int round, int attempt) => GrainFactory.GetGrain<IRoundGrain>(GrainKeys.Round(Id, round, attempt));
}
