using System.Globalization;
using OrleansFed.Grains.Participants;
using OrleansFed.Grains.Telemetry;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Wire;

namespace OrleansFed.Grains.Campaigns;

/// <summary>Participant-facing operations: enrollment, task hand-out, update submission.</summary>
public sealed partial class CampaignGrain
{
    private (int Round, int Attempt) _submittedFor;
    private HashSet<string>? _submitted;

    async Task<Enrollment> ICampaignGrain.EnrollAsync(EnrollRequest request)
    {
        await EnsureExistsAsync();
        if (HasEnded)
        {
            throw new CampaignEndedException($"Campaign '{Id}' has ended ({S.State}); it accepts no new participants.");
        }

        CampaignConfigValidator.ValidateEnrollment(request);
        var participantId = GrainKeys.ParticipantId(S.Participants.Count + 1);
        var (token, hash) = ParticipantToken.Issue(participantId);

        // The participant record is durable before the campaign counts it. If the process dies in between, the token
        // was never returned and the next enrollment reuses (overwrites) this participant id.
        await GrainFactory.GetGrain<IParticipantGrain>(GrainKeys.Participant(Id, participantId))
            .RegisterAsync(new ParticipantRegistration(request.Name, request.SampleCount, hash, TimeProvider.GetUtcNow()));

        RoundPlan? first = null;
        var starts = S.State == CampaignState.Created && S.Participants.Count + 1 >= (Config.MinEnrolled ?? Config.MinParticipants) && PaillierReady;
        var budget = starts ? await CheckBudgetAsync(1, S.Participants.Count + 1, participantId) : default;
        await MutateAsync(async () =>
        {
            S.Participants.Add(participantId);
            if (S.State == CampaignState.Created)
            {
                if (starts && budget.Refusal is not null)
                {
                    EndForBudget(budget.Refusal);
                }
                else if (starts)
                {
                    first = PlanAttempt(1, 1);
                    S.PendingPrivacyEvent = budget.Event;
                }
                else
                {
                    S.Message = WaitingMessage(Config, S.Participants.Count);
                }
            }

            await state.WriteStateAsync();
        });
        GrainsLog.ParticipantEnrolled(logger, Id, participantId, S.Participants.Count);
        if (first is not null)
        {
            await TryActivateAttemptAsync(first);
        }
        else if (HasEnded)
        {
            telemetry.CampaignsEnded.Add(1, new KeyValuePair<string, object?>("state", S.State.ToString()));
            AfterTransition();
        }

        return new Enrollment { ParticipantId = participantId, Token = token };
    }

    async Task<TaskOffer> ICampaignGrain.GetNextTaskAsync(string participantId)
    {
        await EnsureExistsAsync();
        if (HasEnded)
        {
            return new TaskOffer(TaskOfferKind.CampaignEnded, null, S.State, S.Message);
        }

        if (PaillierOffer(participantId) is { } paillierOffer)
        {
            return paillierOffer;
        }

        if (S.State != CampaignState.Running || !S.AttemptOpen || TimeProvider.GetUtcNow() >= S.Deadline ||
            S.Selected.BinarySearch(participantId, StringComparer.Ordinal) < 0)
        {
            return new TaskOffer(TaskOfferKind.None, null, S.State);
        }

        var submitted = await SubmittedAsync();
        if (submitted.Contains(participantId))
        {
            return new TaskOffer(TaskOfferKind.None, null, S.State);
        }

        var task = new TrainingTask
        {
            Round = S.CurrentRound,
            Attempt = S.CurrentAttempt,
            ModelVersion = S.ModelVersion,
            Model = Config.Model,
            LocalEpochs = S.Fit.LocalEpochs,
            BatchSize = S.Fit.BatchSize,
            LearningRate = S.Fit.LearningRate,
            Seed = S.Fit.Seed,
            Deadline = S.Deadline,
            ProximalMu = S.Fit.ProximalMu,
            DpSgd = TaskDpSgd(),
            DpDistributed = TaskDpDistributed(),
            Privacy = Config.Privacy,
        };
        return new TaskOffer(TaskOfferKind.Assigned, WithPaillier(task), S.State);
    }

    async Task<SubmitReceipt> ICampaignGrain.SubmitUpdateAsync(string participantId, UpdateBlob update)
    {
        ArgumentNullException.ThrowIfNull(update);
        await EnsureExistsAsync();
        using var activity = telemetry.ActivitySource.StartActivity("campaign.submit");
        activity?.SetTag("orleansfed.campaign", Id);
        activity?.SetTag("orleansfed.round", update.Round);
        var round = S.CurrentRound;
        var attempt = S.CurrentAttempt;
        RoundSubmitResult result;
        try
        {
            ValidateSubmission(participantId, update);
            result = await RoundGrain(round, attempt).SubmitAsync(participantId, update);
        }
        catch (Exception ex) when (ex is RoundClosedException or NotSelectedException)
        {
            // The silo has received the update although it takes no part: under dp-sgd that is a release of the run.
            await ChargeRefusedUpdateAsync(participantId, update);
            throw;
        }

        await ChargeParticipantAsync(participantId, round, attempt);
        if (result.Duplicate)
        {
            telemetry.UpdatesDuplicate.Add(1);
        }
        else
        {
            (await SubmittedAsync()).Add(participantId);
            telemetry.UpdatesAccepted.Add(1);
            GrainsLog.UpdateAccepted(logger, Id, round, participantId, result.Received, result.Selected);
            await GrainFactory.GetGrain<IParticipantGrain>(GrainKeys.Participant(Id, participantId)).RecordRoundJoinedAsync(round);
        }

        if (result.Received >= result.Selected)
        {
            // Every selected participant submitted. The update is already durable, so a failure to close here must
            // not turn the receipt into an error: the deadline reminder closes the round instead.
            try
            {
                await CloseAttemptAsync();
            }
#pragma warning disable CA1031 // Logged; the durable state is re-driven by the deadline reminder.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _driven = false;
                GrainsLog.CloseFailed(logger, ex, Id, round, S.CurrentAttempt);
            }
        }

        return new SubmitReceipt { Round = update.Round, Accepted = true, Duplicate = result.Duplicate };
    }

    private void ValidateSubmission(string participantId, UpdateBlob update)
    {
        if (HasEnded)
        {
            throw new RoundClosedException($"Campaign '{Id}' has ended ({S.State}); round {update.Round} is closed.");
        }

        if (S.State == CampaignState.Paused)
        {
            throw new RoundClosedException($"Campaign '{Id}' is paused; updates are accepted again after it resumes.");
        }

        RejectPlainUpdateUnderSecAgg();
        RejectPlainUpdateUnderPaillier();

        if (!S.AttemptOpen || update.Round != S.CurrentRound)
        {
            throw new RoundClosedException(S.AttemptOpen
                ? string.Create(CultureInfo.InvariantCulture, $"Round {update.Round} is not open; round {S.CurrentRound} is.")
                : string.Create(CultureInfo.InvariantCulture, $"Round {update.Round} is not open; no round is open yet."));
        }

        if (TimeProvider.GetUtcNow() >= S.Deadline)
        {
            throw new RoundClosedException(string.Create(CultureInfo.InvariantCulture,
                $"The deadline of round {update.Round} ({S.Deadline:O}) has passed."));
        }

        if (S.Selected.BinarySearch(participantId, StringComparer.Ordinal) < 0)
        {
            throw new NotSelectedException(string.Create(CultureInfo.InvariantCulture,
                $"Participant {participantId} is not selected for round {S.CurrentRound} attempt {S.CurrentAttempt}."));
        }

        if (update.Weights.Length != S.ParameterCount)
        {
            throw new WrongLengthException(string.Create(CultureInfo.InvariantCulture,
                $"The update has {update.Weights.Length} values; the model has {S.ParameterCount} parameters."));
        }
    }

    private async Task<HashSet<string>> SubmittedAsync()
    {
        var key = (S.CurrentRound, S.CurrentAttempt);
        if (_submitted is null || _submittedFor != key)
        {
            var submitted = IsPaillier
                ? await PaillierContributorsAsync(key.CurrentRound, key.CurrentAttempt)
                : (await RoundGrain(key.CurrentRound, key.CurrentAttempt).GetSummaryAsync()).Submitted;
            _submitted = new HashSet<string>(submitted, StringComparer.Ordinal);
            _submittedFor = key;
        }

        return _submitted;
    }
}
