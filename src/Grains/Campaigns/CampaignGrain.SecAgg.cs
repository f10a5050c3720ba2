using System.Collections.Frozen;
using System.Globalization;
using OrleansFed.Grains.DifferentialPrivacy;
using OrleansFed.Grains.Telemetry;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.SecAgg;

namespace OrleansFed.Grains.Campaigns;

/// <summary>
/// The participant-facing steps of the <c>secagg</c> privacy mode. The campaign checks who may speak, forwards each step
/// message to the attempt's <see cref="ISecAggRoundGrain"/> (calls still flow campaign → round only), re-arms its
/// deadline reminder at each step's deadline, and closes the attempt once the sum is reconstructed or the protocol
/// aborted. Plain update uploads are refused in this mode. <c>dp-distributed</c> runs the same steps (its secure
/// aggregation is the spec's transport part); its round's privacy event is in the ledger before a key or a masked input
/// of the attempt is accepted.
/// </summary>
public sealed partial class CampaignGrain : ISecAggCampaignGrain
{
    private (int Round, int Attempt, SecAggPhase Phase)? _lastSecAggPhase;
    private SecAggAdmission? _secAggAdmission;
    private (int Round, int Attempt, SecAggPhase Phase)? _secAggPhaseReported;

    /// <summary>Whether the campaign runs over secure aggregation (<c>secagg</c> or <c>dp-distributed</c>).</summary>
    private bool IsSecAgg => S.Config is { } config && PrivacyModes.UsesSecureAggregation(config.Privacy);

    async Task<SecAggView> ISecAggCampaignGrain.GetSecAggViewAsync(string participantId, int round)
    {
        var setup = await AdmitSecAggAsync(participantId, round, null, charge: false);
        return await SecAggRound(setup).GetViewAsync(setup, participantId, TimeProvider.GetUtcNow());
    }

    async Task<SecAggAck> ISecAggCampaignGrain.AdvertiseKeysAsync(string participantId, int round, SecAggPublicKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var setup = await AdmitSecAggAsync(participantId, round, keys.Attempt, charge: true);
        return await AfterSecAggStepAsync(setup, await SecAggRound(setup).AdvertiseKeysAsync(setup, participantId, keys, TimeProvider.GetUtcNow()));
    }

    async Task<SecAggAck> ISecAggCampaignGrain.ShareKeysAsync(string participantId, int round, SecAggShareKeys shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var setup = await AdmitSecAggAsync(participantId, round, shares.Attempt, charge: false);
        return await AfterSecAggStepAsync(setup, await SecAggRound(setup).ShareKeysAsync(setup, participantId, shares, TimeProvider.GetUtcNow()));
    }

    async Task<SecAggAck> ISecAggCampaignGrain.SubmitMaskedInputAsync(string participantId, int round, int attempt, ReadOnlyMemory<uint> maskedInput)
    {
        var setup = await AdmitSecAggAsync(participantId, round, attempt, charge: true);
        var outcome = await SecAggRound(setup).SubmitMaskedInputAsync(setup, participantId, maskedInput, TimeProvider.GetUtcNow());
        if (!outcome.Duplicate)
        {
            telemetry.UpdatesAccepted.Add(1);
        }

        return await AfterSecAggStepAsync(setup, outcome);
    }

    async Task<SecAggAck> ISecAggCampaignGrain.UnmaskAsync(string participantId, int round, SecAggUnmasking unmasking)
    {
        ArgumentNullException.ThrowIfNull(unmasking);
        var setup = await AdmitSecAggAsync(participantId, round, unmasking.Attempt, charge: false);
        return await AfterSecAggStepAsync(setup, await SecAggRound(setup).UnmaskAsync(setup, participantId, unmasking, TimeProvider.GetUtcNow()));
    }

    async Task<SecAggRoundSetup> ISecAggCampaignGrain.AdmitSecAggStepAsync(string participantId, int round, int? attempt, bool charge)
    {
        await EnsureExistsAsync();
        CheckSecAggStep(participantId, round, attempt);
        var key = (S.CurrentRound, S.CurrentAttempt);
        var charged = _secAggAdmission is { } previous && (previous.Setup.Round, previous.Setup.Attempt) == key && previous.Charged;
        if (charge && !charged)
        {
            await ChargeOpenAttemptAsync();
            charged = true;
        }

        var setup = SecAggSetup();
        _secAggAdmission = new SecAggAdmission(setup, state.Etag, S.Selected.ToFrozenSet(StringComparer.Ordinal), charged);
        return setup;
    }

    async Task ISecAggCampaignGrain.SecAggStepDoneAsync(int round, int attempt, SecAggStepOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!S.AttemptOpen || (S.CurrentRound, S.CurrentAttempt) != (round, attempt))
        {
            return; // another message of the attempt already closed it
        }

        if (outcome.Done)
        {
            // The step message is already durable; a failure to close here is left to the deadline reminder.
            try
            {
                await CloseAttemptAsync();
            }
#pragma warning disable CA1031 // Logged; the durable state is re-driven by the deadline reminder.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _driven = false;
                GrainsLog.CloseFailed(logger, ex, Id, round, attempt);
            }
        }
        else if (IsLaterSecAggPhase((round, attempt, outcome.Phase), _lastSecAggPhase))
        {
            _lastSecAggPhase = (round, attempt, outcome.Phase);
            await ArmSecAggDeadlineAsync(outcome.StepDeadline);
            changes.Pulse(Id);
        }
    }

    /// <summary>
    /// The setup to forward a step message or view request of <paramref name="participantId"/> with. These calls
    /// interleave, so concurrent messages reach the round grain together (which makes them durable in one write); they
    /// read only the admission taken by the last non-interleaved check, and only while the campaign state it was taken
    /// from is still the stored one (same ETag). Anything else — first call, another attempt, a campaign state written
    /// since, a participant not selected, a <c>dp-distributed</c> attempt not charged yet — goes through the full
    /// check as a non-interleaved turn.
    /// </summary>
    private async Task<SecAggRoundSetup> AdmitSecAggAsync(string participantId, int round, int? attempt, bool charge)
    {
        if (_secAggAdmission is { } admission && admission.Etag == state.Etag && admission.Admits(participantId, round, attempt, charge))
        {
            return admission.Setup;
        }

        return await Self().AdmitSecAggStepAsync(participantId, round, attempt, charge);
    }

    /// <summary>After a step message: a step change re-arms the deadline and wakes pollers, a finished attempt closes the
    /// round — in a non-interleaved turn, since both change the campaign.</summary>
    private async Task<SecAggAck> AfterSecAggStepAsync(SecAggRoundSetup setup, SecAggStepOutcome outcome)
    {
        // Concurrent messages of a step all see its change (or the attempt's end); one self-call per change is enough
        // (the deadline reminder re-drives a change whose handling failed), and an outcome that another message's has
        // overtaken is stale.
        var key = (setup.Round, setup.Attempt, outcome.Phase);
        if (IsLaterSecAggPhase(key, _lastSecAggPhase) && IsLaterSecAggPhase(key, _secAggPhaseReported))
        {
            _secAggPhaseReported = key;
            await Self().SecAggStepDoneAsync(setup.Round, setup.Attempt, outcome);
        }

        return new SecAggAck(outcome.Phase, outcome.Duplicate);
    }

    /// <summary>Whether <paramref name="phase"/> is past <paramref name="known"/> (steps only move forward within an
    /// attempt; another attempt's phase says nothing).</summary>
    private static bool IsLaterSecAggPhase((int Round, int Attempt, SecAggPhase Phase) phase, (int Round, int Attempt, SecAggPhase Phase)? known) =>
        known is not { } k || (k.Round, k.Attempt) != (phase.Round, phase.Attempt) || phase.Phase > k.Phase;

    private ISecAggCampaignGrain Self() => GrainFactory.GetGrain<ISecAggCampaignGrain>(GetPrimaryKeyString());

    /// <summary>The deadline reminder under secagg: close overdue steps, then close the attempt or re-arm.</summary>
    private async Task SecAggDeadlineAsync()
    {
        var outcome = await SecAggRound().AdvanceAsync(SecAggSetup(), TimeProvider.GetUtcNow());
        if (outcome.Done)
        {
            await CloseAttemptAsync();
            return;
        }

        _lastSecAggPhase = (S.CurrentRound, S.CurrentAttempt, outcome.Phase);
        await ArmSecAggDeadlineAsync(outcome.StepDeadline);
        changes.Pulse(Id);
    }

    private async Task ArmSecAggDeadlineAsync(DateTimeOffset deadline)
    {
        var due = deadline - TimeProvider.GetUtcNow();
        await RegisterOrUpdateReminder(DeadlineReminderName(), due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void CheckSecAggStep(string participantId, int round, int? attempt)
    {
        if (!IsSecAgg)
        {
            throw new InvalidRequestException($"Campaign '{Id}' does not use secure aggregation (privacy: {PrivacyModes.NameOf(Config.Privacy)}).");
        }

        if (HasEnded || S.State == CampaignState.Paused || !S.AttemptOpen || round != S.CurrentRound)
        {
            throw new RoundClosedException(string.Create(CultureInfo.InvariantCulture,
                $"Round {round} of campaign '{Id}' is not open for secure aggregation ({S.State}; current round {S.CurrentRound})."));
        }

        if (attempt is { } a && a != S.CurrentAttempt)
        {
            throw new RoundClosedException(string.Create(CultureInfo.InvariantCulture,
                $"Attempt {a} of round {round} is not open; attempt {S.CurrentAttempt} is."));
        }

        if (S.Selected.BinarySearch(participantId, StringComparer.Ordinal) < 0)
        {
            throw new NotSelectedException(string.Create(CultureInfo.InvariantCulture,
                $"Participant {participantId} is not selected for round {S.CurrentRound} attempt {S.CurrentAttempt}."));
        }
    }

    private void RejectPlainUpdateUnderSecAgg()
    {
        if (IsSecAgg)
        {
            throw new InvalidRequestException(
                $"Campaign '{Id}' uses secure aggregation: send the masked input through /rounds/{{round}}/secagg, never the plain update.");
        }
    }

    private SecAggRoundSetup SecAggSetup() => new(
        Id, S.CurrentRound, S.CurrentAttempt, [.. S.Selected], S.ParameterCount, SecAggTransportSpec(), Config.MinParticipants, S.Deadline);

    /// <summary>The <c>secagg</c> spec the attempt's secure aggregation runs with (the transport part under
    /// <c>dp-distributed</c>).</summary>
    private string SecAggTransportSpec() =>
        DpDistributedRound.Is(Config.Privacy) ? PrivacyModeSpec.Parse(Config.Privacy).Transport!.ToString() : Config.Privacy!;

    private ISecAggRoundGrain SecAggRound() =>
        GrainFactory.GetGrain<ISecAggRoundGrain>(SecAggKeys.Round(Id, S.CurrentRound, S.CurrentAttempt));

    private ISecAggRoundGrain SecAggRound(SecAggRoundSetup setup) =>
        GrainFactory.GetGrain<ISecAggRoundGrain>(SecAggKeys.Round(Id, setup.Round, setup.Attempt));
}
