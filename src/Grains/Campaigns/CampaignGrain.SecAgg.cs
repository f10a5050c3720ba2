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

    /// <summary>Whether the campaign runs over secure aggregation (<c>secagg</c> or <c>dp-distributed</c>).</summary>
    private bool IsSecAgg => S.Config is { } config && PrivacyModes.NameOf(config.Privacy) is PrivacyModes.SecAgg or PrivacyModes.DpDistributed;

    async Task<SecAggView> ISecAggCampaignGrain.GetSecAggViewAsync(string participantId, int round)
    {
        await EnsureExistsAsync();
        CheckSecAggStep(participantId, round, null);
        return await SecAggRound().GetViewAsync(SecAggSetup(), participantId, TimeProvider.GetUtcNow());
    }

    async Task<SecAggAck> ISecAggCampaignGrain.AdvertiseKeysAsync(string participantId, int round, SecAggPublicKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await EnsureExistsAsync();
        CheckSecAggStep(participantId, round, keys.Attempt);
        await ChargeOpenAttemptAsync();
        return await AfterSecAggStepAsync(await SecAggRound().AdvertiseKeysAsync(SecAggSetup(), participantId, keys, TimeProvider.GetUtcNow()));
    }

    async Task<SecAggAck> ISecAggCampaignGrain.ShareKeysAsync(string participantId, int round, SecAggShareKeys shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        await EnsureExistsAsync();
        CheckSecAggStep(participantId, round, shares.Attempt);
        return await AfterSecAggStepAsync(await SecAggRound().ShareKeysAsync(SecAggSetup(), participantId, shares, TimeProvider.GetUtcNow()));
    }

    async Task<SecAggAck> ISecAggCampaignGrain.SubmitMaskedInputAsync(string participantId, int round, int attempt, ReadOnlyMemory<uint> maskedInput)
    {
        await EnsureExistsAsync();
        CheckSecAggStep(participantId, round, attempt);
        await ChargeOpenAttemptAsync();
        var outcome = await SecAggRound().SubmitMaskedInputAsync(SecAggSetup(), participantId, maskedInput, TimeProvider.GetUtcNow());
        if (!outcome.Duplicate)
        {
            telemetry.UpdatesAccepted.Add(1);
        }

        return await AfterSecAggStepAsync(outcome);
    }

    async Task<SecAggAck> ISecAggCampaignGrain.UnmaskAsync(string participantId, int round, SecAggUnmasking unmasking)
    {
        ArgumentNullException.ThrowIfNull(unmasking);
        await EnsureExistsAsync();
        CheckSecAggStep(participantId, round, unmasking.Attempt);
        return await AfterSecAggStepAsync(await SecAggRound().UnmaskAsync(SecAggSetup(), participantId, unmasking, TimeProvider.GetUtcNow()));
    }

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

    private async Task<SecAggAck> AfterSecAggStepAsync(SecAggStepOutcome outcome)
    {
        var round = S.CurrentRound;
        var attempt = S.CurrentAttempt;
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
        else if (_lastSecAggPhase != (round, attempt, outcome.Phase))
        {
            _lastSecAggPhase = (round, attempt, outcome.Phase);
            await ArmSecAggDeadlineAsync(outcome.StepDeadline);
            changes.Pulse(Id);
        }

        return new SecAggAck(outcome.Phase, outcome.Duplicate);
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
}
