using System.Globalization;
using System.Security.Cryptography;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.SecAgg;
using OrleansFed.Privacy.SecureAggregation;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.SecAgg;

/// <summary>
/// Drives <see cref="SecureAggregationServer"/> for one round attempt. Every accepted step message is added to its
/// step's record (<see cref="SecAggStepState"/>: senders in arrival order and their messages; for masked inputs only
/// the running masked sum) and that one record is written before the message is acknowledged; a step closes when
/// every expected party has answered or at its deadline. After a restart the protocol server is rebuilt by replaying
/// the stored messages in arrival order (the neighbour graph comes from a stored seed, so it is the same graph) and
/// taking back the stored masked sum. The server keeps only the running sum of masked inputs; the round state keeps
/// only the final sum.
/// </summary>
[GrainType("secagg-round")]
public sealed partial class SecAggRoundGrain(
    [PersistentState("secagg-round")] IPersistentState<SecAggRoundState> state,
    [PersistentState("secagg-keys")] IPersistentState<SecAggStepState> advertised,
    [PersistentState("secagg-shares")] IPersistentState<SecAggStepState> shared,
    [PersistentState("secagg-masked")] IPersistentState<SecAggStepState> masked,
    [PersistentState("secagg-unmask")] IPersistentState<SecAggStepState> unmasked) : Grain, ISecAggRoundGrain
{
    private SecureAggregationServer? _server;
    private KeyRoster? _roster;
    private UnmaskingRequest? _request;
    private SecAggRosterEntry[]? _wireRoster;

    private SecAggRoundState S => state.State;

    private SecAggRoundSetup Setup => S.Setup ?? throw new InvalidOperationException("The secure-aggregation round has no setup.");

    async Task<SecAggStepOutcome> ISecAggRoundGrain.AdvanceAsync(SecAggRoundSetup setup, DateTimeOffset now)
    {
        await EnsureSetupAsync(setup);
        await AdvanceCoreAsync(now);
        return Outcome(false);
    }

    async Task<SecAggView> ISecAggRoundGrain.GetViewAsync(SecAggRoundSetup setup, string participantId, DateTimeOffset now)
    {
        await EnsureSetupAsync(setup);
        var party = PartyOf(participantId);
        await ClosingDoneAsync(); // a view never shows a step whose opening is not durable yet
        if (IsActive)
        {
            await EnsureServerAsync();
        }

        var spec = SecAggSpec.Parse(Setup.Spec);
        var view = new SecAggView
        {
            Round = Setup.Round,
            Attempt = Setup.Attempt,
            Phase = S.Phase,
            StepDeadline = S.StepDeadline,
            Session = new SecAggSession
            {
                SessionId = SessionId,
                PartyId = party,
                ParameterCount = Setup.ParameterCount,
                Threshold = spec.ThresholdFor(Setup.Selected.Length),
                Degree = spec.Degree,
                Clip = spec.Clip,
                Bits = spec.Bits,
                MaxSummands = Setup.Selected.Length,
            },
        };
        if (_roster is not null && S.Phase is SecAggPhase.SharingKeys or SecAggPhase.MaskedInput or SecAggPhase.Unmasking)
        {
            // Built once per step and shared by every view: the grain boundary copies it for each caller.
            _wireRoster ??= SecAggMessages.ToWire(_roster);
            view = view with { Roster = _wireRoster, RingOrder = [.. _roster.Graph.RingOrder], GraphDegree = _roster.Graph.Degree };
        }

        if (S.Phase == SecAggPhase.MaskedInput && shared.State.Senders.Contains(participantId))
        {
            view = view with { ForwardedShares = SecAggMessages.ToWire(_server!.ForwardedSharesFor(party)) };
        }

        if (S.Phase == SecAggPhase.Unmasking && _request is not null)
        {
            view = view with { Survivors = [.. _request.Survivors], Dropped = [.. _request.Dropped] };
        }

        return view;
    }

    Task<SecAggStepOutcome> ISecAggRoundGrain.AdvertiseKeysAsync(SecAggRoundSetup setup, string participantId, SecAggPublicKeys keys, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return StepAsync(setup, participantId, SecAggPhase.Advertising, now, party =>
        {
            var message = SecAggMessages.ToAdvertisement(party, keys);
            return (server => server.ReceiveAdvertisement(message), SecAggMessages.Serialize(keys));
        });
    }

    Task<SecAggStepOutcome> ISecAggRoundGrain.ShareKeysAsync(SecAggRoundSetup setup, string participantId, SecAggShareKeys shares, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(shares);
        return StepAsync(setup, participantId, SecAggPhase.SharingKeys, now, party =>
        {
            var message = SecAggMessages.ToShareKeys(party, shares);
            return (server => server.ReceiveShares(message), SecAggMessages.Serialize(shares));
        });
    }

    Task<SecAggStepOutcome> ISecAggRoundGrain.SubmitMaskedInputAsync(SecAggRoundSetup setup, string participantId, ReadOnlyMemory<uint> maskedInput, DateTimeOffset now) =>
        StepAsync(setup, participantId, SecAggPhase.MaskedInput, now, party =>
        {
            var message = new MaskedInputMessage(party, maskedInput);
            return (server => server.ReceiveMaskedInput(message), (byte[]?)null);
        });

    Task<SecAggStepOutcome> ISecAggRoundGrain.UnmaskAsync(SecAggRoundSetup setup, string participantId, SecAggUnmasking unmasking, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(unmasking);
        return StepAsync(setup, participantId, SecAggPhase.Unmasking, now, party =>
        {
            var message = SecAggMessages.ToUnmasking(party, unmasking);
            return (server => server.ReceiveUnmasking(message), SecAggMessages.Serialize(unmasking));
        });
    }

    Task<SecAggRoundResult> ISecAggRoundGrain.GetResultAsync()
    {
        var finished = S.Phase == SecAggPhase.Finished && S.Sum is not null;
        return Task.FromResult(new SecAggRoundResult(
            finished,
            finished ? SecAggMessages.ToWords(S.Sum) : ReadOnlyMemory<uint>.Empty,
            finished ? S.Contributors : masked.State.Senders.Count,
            S.Setup?.Spec ?? string.Empty,
            S.Setup?.Selected.Length ?? 0));
    }

    async Task ISecAggRoundGrain.ReleaseAsync()
    {
        if (S.Setup is null || S.Released || IsActive)
        {
            return;
        }

        foreach (var step in (IPersistentState<SecAggStepState>[])[advertised, shared, masked, unmasked])
        {
            if (step.RecordExists)
            {
                await step.ClearStateAsync();
            }
        }

        S.Released = true;
        await WriteRoundStateAsync();
        ResetServer();
    }

    private bool IsActive => S.Phase is SecAggPhase.Advertising or SecAggPhase.SharingKeys or SecAggPhase.MaskedInput or SecAggPhase.Unmasking;

    private string SessionId => SecAggKeys.Round(Setup.CampaignId, Setup.Round, Setup.Attempt);

    private async Task<SecAggStepOutcome> StepAsync(
        SecAggRoundSetup setup, string participantId, SecAggPhase phase, DateTimeOffset now,
        Func<int, (Action<SecureAggregationServer> Apply, byte[]? Message)> prepare)
    {
        await EnsureSetupAsync(setup);
        var party = PartyOf(participantId);
        await AdvanceCoreAsync(now);
        if (StepFor(phase).State.Senders.Contains(participantId))
        {
            return Outcome(true);
        }

        if (PendingFrom(participantId) is { } inFlight)
        {
            // A repeat of a message still being written: acknowledged as a duplicate once the first one is durable.
            await inFlight;
            return Outcome(true);
        }

        if (S.Phase == phase)
        {
            await EnsureServerAsync();
        }

        if (S.Phase != phase)
        {
            throw new RoundClosedException(string.Create(CultureInfo.InvariantCulture,
                $"Secure aggregation of round {Setup.Round} attempt {Setup.Attempt} is in step {S.Phase}, not {phase}."));
        }

        // Shape checks and the protocol server's checks run before anything changes; a rejected message changes nothing.
        var (apply, message) = prepare(party);
        try
        {
            apply(_server!);
        }
        catch (SecureAggregationException ex)
        {
            throw new InvalidRequestException($"The {phase} message was rejected: {ex.Message}");
        }

        // Durable before the receipt: the message joins the step's next record write (with whatever else arrived meanwhile).
        await CommitAsync(participantId, message);
        await AdvanceCoreAsync(now);
        return Outcome(false);
    }

    private SecAggStepOutcome Outcome(bool duplicate) => new(S.Phase, S.StepDeadline, duplicate);

    private async Task EnsureSetupAsync(SecAggRoundSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (S.Setup is null || _settingUp is { IsCompleted: false })
        {
            // Step calls interleave: the first sets the attempt up, the others wait for that write.
            _settingUp ??= SetUpAsync(setup);
            await _settingUp;
        }

        var s = Setup;
        if (s.CampaignId != setup.CampaignId || s.Round != setup.Round || s.Attempt != setup.Attempt
            || !s.Selected.SequenceEqual(setup.Selected, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"Secure-aggregation round {GetPrimaryKeyString()} was set up differently.");
        }
    }

    private async Task SetUpAsync(SecAggRoundSetup setup)
    {
        S.Setup = setup;
        S.Phase = SecAggPhase.Advertising;
        S.StepDeadline = setup.AdvertiseDeadline;
        S.GraphSeed = RandomNumberGenerator.GetBytes(16);
        try
        {
            await WriteRoundStateAsync();
        }
        catch
        {
            S.Setup = null;
            DeactivateOnIdle();
            throw;
        }
    }

    private int PartyOf(string participantId)
    {
        var index = Setup.Selected.IndexOf(participantId, 0, Setup.Selected.Length, StringComparer.Ordinal);
        return index >= 0
            ? index + 1
            : throw new NotSelectedException(string.Create(CultureInfo.InvariantCulture,
                $"Participant {participantId} is not selected for round {Setup.Round} attempt {Setup.Attempt}."));
    }

    private IPersistentState<SecAggStepState> StepFor(SecAggPhase phase) => phase switch
    {
        SecAggPhase.Advertising => advertised,
        SecAggPhase.SharingKeys => shared,
        SecAggPhase.MaskedInput => masked,
        SecAggPhase.Unmasking => unmasked,
        _ => throw new ArgumentOutOfRangeException(nameof(phase)),
    };
}
