using System.Net;
using OrleansFed.Client.SecAgg;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.SecAgg;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Client.Participant;

/// <summary>
/// The participant half of the <c>secagg</c> privacy mode: after local training the node never uploads its weights;
/// it quantizes its update delta and runs the four SecAgg+ steps with the silo (keys, encrypted shares, masked input,
/// revealed shares). The unmasked vector never leaves the process. Under <c>dp-distributed</c> the vector is the
/// clipped, scaled, rounded delta plus this node's share of discrete Gaussian noise
/// (<see cref="DistributedGaussianUpdateCodec"/>, computed from the task's z and C and the session's threshold,
/// participant count and bits); it carries neither the sample count nor the loss.
/// </summary>
public sealed partial class ParticipantNode
{
    private static readonly TimeSpan StepWait = TimeSpan.FromSeconds(20);

    private static bool IsSecAgg(TrainingTask task) => PrivacyModes.UsesSecureAggregation(task.Privacy);

    /// <summary>Runs the secure-aggregation steps; returns whether the node's masked input is in the round.</summary>
    private async Task<bool> RunSecAggAsync(TrainingTask task, ReadOnlyMemory<float> global, float[] weights, double loss, CancellationToken ct)
    {
        var credential = _credential!;
        var round = task.Round;
        try
        {
            var view = await WithReconnectAsync("secagg view", c => _client.GetSecAggViewAsync(credential, round, null, TimeSpan.Zero, c), ct)
                .ConfigureAwait(false);
            if (view.Attempt != task.Attempt || view.Phase != SecAggPhase.Advertising)
            {
                return false;
            }

            var session = view.Session;
            var parameters = new SecureAggregationParameters(
                session.SessionId, session.ParameterCount + SecAggUpdateCodec.ExtraElements, session.Threshold, session.Degree);
            using var protocol = new SecureAggregationClient(session.PartyId, parameters);
            var advertisement = protocol.AdvertiseKeys();
            await WithReconnectAsync("secagg keys", c => _client.SendSecAggKeysAsync(credential, round, new SecAggPublicKeys
            {
                Attempt = task.Attempt,
                EncryptionPublicKey = advertisement.EncryptionPublicKey.ToArray(),
                MaskingPublicKey = advertisement.MaskingPublicKey.ToArray(),
            }, c), ct).ConfigureAwait(false);

            view = await WaitSecAggAsync(credential, round, SecAggPhase.Advertising, ct).ConfigureAwait(false);
            if (view.Phase != SecAggPhase.SharingKeys || view.Roster is not { } roster || view.RingOrder is not { } ring)
            {
                return false;
            }

            var keyRoster = new KeyRoster(
                [.. roster.Select(e => new AdvertiseKeysMessage(e.PartyId, e.EncryptionPublicKey, e.MaskingPublicKey))],
                new NeighbourGraph([.. ring], view.GraphDegree ?? 0));
            var shares = protocol.ShareKeys(keyRoster);
            await WithReconnectAsync("secagg shares", c => _client.SendSecAggSharesAsync(credential, round, new SecAggShareKeys
            {
                Attempt = task.Attempt,
                Shares = [.. shares.Shares.Select(s => new SecAggEncryptedShare(s.Sender, s.Recipient, s.Nonce.ToArray(), s.Ciphertext.ToArray(), s.Tag.ToArray()))],
            }, c), ct).ConfigureAwait(false);

            if (_options.SecAggDropout?.DropsAfterShareKeys(round, task.Attempt, [.. roster.Select(e => e.PartyId)], session.PartyId) == true)
            {
                ParticipantLog.SubmissionRefused(_logger, round, "simulated dropout after share-keys");
                return false;
            }

            view = await WaitSecAggAsync(credential, round, SecAggPhase.SharingKeys, ct).ConfigureAwait(false);
            if (view.Phase != SecAggPhase.MaskedInput || view.ForwardedShares is not { } forwarded)
            {
                return false;
            }

            var delta = new float[weights.Length];
            var globalSpan = global.Span;
            for (var i = 0; i < delta.Length; i++)
            {
                delta[i] = weights[i] - globalSpan[i];
            }

            var input = EncodeSecAggInput(task, session, delta, loss);
            Array.Clear(delta);
            var masked = protocol.MaskInput(
                new ForwardedShares(session.PartyId, [.. forwarded.Select(s => new EncryptedShare(s.Sender, s.Recipient, s.Nonce, s.Ciphertext, s.Tag))]),
                input);
            Array.Clear(input);
            await WithReconnectAsync("secagg masked input", c => _client.SendMaskedInputAsync(credential, round, task.Attempt, masked.MaskedInput, c), ct)
                .ConfigureAwait(false);

            view = await WaitSecAggAsync(credential, round, SecAggPhase.MaskedInput, ct).ConfigureAwait(false);
            if (view.Phase != SecAggPhase.Unmasking || view.Survivors is not { } survivors || view.Dropped is not { } dropped)
            {
                return false;
            }

            var response = protocol.Unmask(new UnmaskingRequest([.. survivors], [.. dropped]));
            await WithReconnectAsync("secagg unmask", c => _client.SendSecAggUnmaskingAsync(credential, round, new SecAggUnmasking
            {
                Attempt = task.Attempt,
                SelfMaskShares = [.. response.SelfMaskShares.Select(r => new SecAggRevealedShare(r.Owner, r.Share.ToBytes()))],
                MaskingKeyShares = [.. response.MaskingKeyShares.Select(r => new SecAggRevealedShare(r.Owner, r.Share.ToBytes()))],
            }, c), ct).ConfigureAwait(false);
            return true;
        }
        catch (OrleansFedApiException ex) when (ex.Status is HttpStatusCode.Conflict or HttpStatusCode.Forbidden)
        {
            // The attempt moved on (a step closed, the round was abandoned) or this node was not selected.
            ParticipantLog.SubmissionRefused(_logger, round, ex.Title);
            return false;
        }
        catch (SecureAggregationException ex)
        {
            // The protocol client refused what the silo sent; this node leaves the attempt without revealing anything.
            ParticipantLog.SubmissionRefused(_logger, round, "secure aggregation aborted: " + ex.Fault);
            return false;
        }
    }

    /// <summary>The vector this node feeds to the secure aggregation: the plain <c>secagg</c> encoding, or under
    /// <c>dp-distributed</c> the noised one.</summary>
    private uint[] EncodeSecAggInput(TrainingTask task, SecAggSession session, float[] delta, double loss)
    {
        var random = new CryptoRandomSource();
        if (PrivacyModes.NameOf(task.Privacy) == PrivacyModes.DpDistributed)
        {
            var dp = task.DpDistributed ?? throw new InvalidOperationException(
                "A dp-distributed task came without its noise settings; this node will not send an un-noised update.");
            // The session's threshold is the fewest contributors the silo's sum can have; the noise share is sized by it.
            var noised = DistributedGaussianUpdateCodec.Create(
                session.ParameterCount, dp.ClipNorm, dp.NoiseMultiplier, session.Threshold, session.MaxSummands, session.Bits);
            var vector = new uint[noised.VectorLength];
            noised.Encode(delta, vector, random);
            return vector;
        }

        var codec = new SecAggUpdateCodec(session.ParameterCount, session.Clip, session.Bits, session.MaxSummands);
        var input = new uint[codec.VectorLength];
        codec.Encode(delta, Math.Min(_data.Count, codec.MaxSampleCount), (float)loss, input, random);
        return input;
    }

    private async Task<SecAggView> WaitSecAggAsync(ParticipantCredential credential, int round, SecAggPhase current, CancellationToken ct)
    {
        while (true)
        {
            var view = await WithReconnectAsync(
                "secagg view", c => _client.GetSecAggViewAsync(credential, round, current, StepWait, c), ct).ConfigureAwait(false);
            if (view.Phase != current)
            {
                return view;
            }
        }
    }
}
