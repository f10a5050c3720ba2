using OrleansFed.Interfaces.SecAgg;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecretSharing;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Grains.SecAgg;

/// <summary>Step closing and the rebuild of the protocol server from durable state.</summary>
public sealed partial class SecAggRoundGrain
{
    private AesCtrRandomSource? _graphRandom;

    /// <summary>Closes every step that is complete or overdue, then writes the state once.</summary>
    private async Task AdvanceCoreAsync(DateTimeOffset now)
    {
        var changed = false;
        try
        {
            while (IsActive)
            {
                if (ListFor(S.Phase).Count < Expected(S.Phase) && now < S.StepDeadline)
                {
                    break;
                }

                await EnsureServerAsync();
                CloseStep(now);
                changed = true;
            }

            if (changed)
            {
                await state.WriteStateAsync();
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
        SecAggPhase.SharingKeys => S.Advertised.Count,
        SecAggPhase.MaskedInput => S.Shared.Count,
        SecAggPhase.Unmasking => S.Masked.Count,
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
                    if (S.Advertised.Count < Setup.MinParticipants)
                    {
                        Abort($"Only {S.Advertised.Count} participants advertised keys; the round needs {Setup.MinParticipants}.");
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

    /// <summary>Rebuilds the protocol server by replaying the stored messages, closing each finished step in order.</summary>
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
            foreach (var id in S.Advertised)
            {
                var keys = SecAggMessages.Deserialize<SecAggPublicKeys>(await Record(SecAggPhase.Advertising, id).GetAsync());
                server.ReceiveAdvertisement(SecAggMessages.ToAdvertisement(PartyOf(id), keys));
            }

            if (S.Phase != SecAggPhase.Advertising)
            {
                _roster = server.CloseAdvertisement();
                foreach (var id in S.Shared)
                {
                    var shares = SecAggMessages.Deserialize<SecAggShareKeys>(await Record(SecAggPhase.SharingKeys, id).GetAsync());
                    server.ReceiveShares(SecAggMessages.ToShareKeys(PartyOf(id), shares));
                }
            }

            if (S.Phase is SecAggPhase.MaskedInput or SecAggPhase.Unmasking)
            {
                server.CloseShareKeys();
                foreach (var id in S.Masked)
                {
                    var words = SecAggMessages.ToWords((await Record(SecAggPhase.MaskedInput, id).GetAsync()).Span);
                    server.ReceiveMaskedInput(new MaskedInputMessage(PartyOf(id), words));
                }
            }

            if (S.Phase == SecAggPhase.Unmasking)
            {
                _request = server.CloseMaskedInput();
                foreach (var id in S.Unmasked)
                {
                    var unmasking = SecAggMessages.Deserialize<SecAggUnmasking>(await Record(SecAggPhase.Unmasking, id).GetAsync());
                    server.ReceiveUnmasking(SecAggMessages.ToUnmasking(PartyOf(id), unmasking));
                }
            }
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

    private void ResetServer()
    {
        _server?.Dispose();
        _server = null;
        _graphRandom?.Dispose();
        _graphRandom = null;
        _roster = null;
        _request = null;
    }
}
