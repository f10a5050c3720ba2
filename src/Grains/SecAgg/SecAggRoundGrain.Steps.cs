using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.SecAgg;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecretSharing;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Grains.SecAgg;

/// <summary>Step closing and the rebuild of the protocol server from durable state.</summary>
public sealed partial class SecAggRoundGrain
{
    private AesCtrRandomSource? _graphRandom;

    /// <summary>
    /// Closes every step that is complete or overdue, then writes the state once. One close runs at a time; it first waits
    /// for the step's record writes in flight, so a step closes over durable messages only, and step messages arriving
    /// meanwhile wait for it.
    /// </summary>
    private async Task AdvanceCoreAsync(DateTimeOffset now)
    {
        await ClosingDoneAsync();
        if (!IsActive || !StepDue(now))
        {
            return;
        }

        var closing = CloseDueStepsAsync(now);
        _closing = closing;
        try
        {
            await closing;
        }
        finally
        {
            if (ReferenceEquals(_closing, closing))
            {
                _closing = null;
            }
        }
    }

    private bool StepDue(DateTimeOffset now) => StepFor(S.Phase).State.Senders.Count >= Expected(S.Phase) || now >= S.StepDeadline;

    private async Task CloseDueStepsAsync(DateTimeOffset now)
    {
        await FlushAsync();
        var changed = false;
        try
        {
            while (IsActive && StepDue(now))
            {
                await EnsureServerAsync();
                if (IsActive)
                {
                    CloseStep(now);
                    changed = true;
                }
            }

            if (changed)
            {
                await WriteRoundStateAsync();
            }
        }
        catch when (changed)
        {
            ResetServer();
            DeactivateOnIdle();
            throw;
        }
    }

    private int Expected(SecAggPhase phase) => phase switch
    {
        SecAggPhase.Advertising => Setup.Selected.Length,
        SecAggPhase.SharingKeys => advertised.State.Senders.Count,
        SecAggPhase.MaskedInput => shared.State.Senders.Count,
        SecAggPhase.Unmasking => masked.State.Senders.Count,
        _ => 0,
    };

    private void CloseStep(DateTimeOffset now)
    {
        var spec = SecAggSpec.Parse(Setup.Spec);
        try
        {
            switch (S.Phase)
            {
                case SecAggPhase.Advertising:
                    if (advertised.State.Senders.Count < Setup.MinParticipants)
                    {
                        Abort($"Only {advertised.State.Senders.Count} participants advertised keys; the round needs {Setup.MinParticipants}.");
                        return;
                    }

                    _roster = _server!.CloseAdvertisement();
                    S.Phase = SecAggPhase.SharingKeys;
                    break;
                case SecAggPhase.SharingKeys:
                    _server!.CloseShareKeys();
                    S.Phase = SecAggPhase.MaskedInput;
                    break;
                case SecAggPhase.MaskedInput:
                    _request = _server!.CloseMaskedInput();
                    S.Phase = SecAggPhase.Unmasking;
                    break;
                case SecAggPhase.Unmasking:
                    var result = _server!.Finish();
                    S.Sum = SecAggMessages.ToBytes(result.Sum.Span);
                    S.Contributors = result.Contributors.Count;
                    S.Phase = SecAggPhase.Finished;
                    ResetServer();
                    break;
            }

            S.StepDeadline = now.AddSeconds(spec.StepSeconds);
        }
        catch (Exception ex) when (ex is SecureAggregationException or InvalidShareException or InsufficientSharesException)
        {
            Abort(ex.Message);
        }
    }

    private void Abort(string reason)
    {
        S.Phase = SecAggPhase.Aborted;
        S.Failure = reason;
        ResetServer();
    }

    /// <summary>
    /// Rebuilds the protocol server by replaying the stored messages, closing each finished step in order, and taking
    /// back the stored masked sum. Stored messages the server refuses (records of an older layout, say) abort the attempt,
    /// which the campaign then retries, rather than failing every later call.
    /// </summary>
    private async Task EnsureServerAsync()
    {
        if (_server is not null || !IsActive)
        {
            return;
        }

        var spec = SecAggSpec.Parse(Setup.Spec);
        var parameters = new SecureAggregationParameters(
            SessionId, Setup.ParameterCount + SecAggUpdateCodec.ExtraElements, spec.ThresholdFor(Setup.Selected.Length), spec.Degree);
        var random = new AesCtrRandomSource(S.GraphSeed);
        var server = new SecureAggregationServer(parameters, random);
        try
        {
            Replay(server);
        }
        catch (Exception ex) when (ex is SecureAggregationException or InvalidShareException or InvalidRequestException)
        {
            server.Dispose();
            random.Dispose();
            ResetServer();
            Abort($"The stored step messages could not be replayed: {ex.Message}");
            await WriteRoundStateAsync();
            return;
        }
        catch
        {
            server.Dispose();
            random.Dispose();
            throw;
        }

        _server = server;
        _graphRandom = random;
    }

    private void Replay(SecureAggregationServer server)
    {
        foreach (var (id, message) in Messages(advertised.State))
        {
            server.ReceiveAdvertisement(SecAggMessages.ToAdvertisement(PartyOf(id), SecAggMessages.Deserialize<SecAggPublicKeys>(message)));
        }

        if (S.Phase == SecAggPhase.Advertising)
        {
            return;
        }

        _roster = server.CloseAdvertisement();
        foreach (var (id, message) in Messages(shared.State))
        {
            server.ReceiveShares(SecAggMessages.ToShareKeys(PartyOf(id), SecAggMessages.Deserialize<SecAggShareKeys>(message)));
        }

        if (S.Phase == SecAggPhase.SharingKeys)
        {
            return;
        }

        server.CloseShareKeys();
        if (masked.State.Senders.Count > 0)
        {
            server.RestoreMaskedSum(
                [.. masked.State.Senders.Select(PartyOf)],
                SecAggMessages.ToWords(masked.State.MaskedSum ?? throw new InvalidRequestException("The stored masked sum is missing.")));
        }

        if (S.Phase == SecAggPhase.MaskedInput)
        {
            return;
        }

        _request = server.CloseMaskedInput();
        foreach (var (id, message) in Messages(unmasked.State))
        {
            server.ReceiveUnmasking(SecAggMessages.ToUnmasking(PartyOf(id), SecAggMessages.Deserialize<SecAggUnmasking>(message)));
        }
    }

    private static IEnumerable<(string Sender, byte[] Message)> Messages(SecAggStepState step) =>
        step.Messages.Count == step.Senders.Count
            ? step.Senders.Zip(step.Messages)
            : throw new InvalidRequestException("A stored step record lists senders and messages of different lengths.");

    private void ResetServer()
    {
        _server?.Dispose();
        _server = null;
        _graphRandom?.Dispose();
        _graphRandom = null;
        _roster = null;
        _wireRoster = null;
        _request = null;
    }
}
