using System.Globalization;
using System.Numerics;
using OrleansFed.Grains.Paillier;
using OrleansFed.Grains.Telemetry;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Paillier;
using OrleansFed.Interfaces.Wire;

namespace OrleansFed.Grains.Campaigns;

/// <summary>
/// The <c>paillier</c> privacy mode (PriDe made safe). The key holder is the first enrolled participant: it generates
/// the key pair on its own node and publishes n; round 1 starts only once n is published. Participants upload
/// ciphertexts of their weighted updates, which the attempt's <see cref="PaillierRoundGrain"/> multiplies into an
/// encrypted sum. When collection closes (all submitted, or the deadline with the minimum), the attempt awaits
/// decryption: the key holder gets a decrypt task, downloads the sum and uploads the average, which becomes the next
/// model. The key holder has one more round timeout to do so (it may crash and restart: its key is durable on its
/// node); past that the attempt is abandoned and retried like a missed minimum. The silo never holds a private key.
/// </summary>
public sealed partial class CampaignGrain : IPaillierCampaignGrain
{
    private PaillierModeSpec? _paillierSpec;
    private int _paillierCiphertexts;

    private bool IsPaillier => S.Config is { } c && PrivacyModes.NameOf(c.Privacy) == PrivacyModes.Paillier;

    /// <summary>Round 1 may start: not a paillier campaign, or its key is published.</summary>
    private bool PaillierReady => !IsPaillier || S.Paillier.Modulus is { Length: > 0 };

    private PaillierModeSpec PaillierSpec => _paillierSpec ??= PaillierModeSpec.TryParse(Config.Privacy, out var spec, out var error)
        ? spec
        : throw new InvalidOperationException("Stored paillier spec is invalid: " + error);

    private string PaillierKeyHolder => S.Paillier.KeyHolder ?? (S.Participants.Count > 0 ? S.Participants[0] : GrainKeys.ParticipantId(1));

    private BigInteger PaillierModulus => S.Paillier.Modulus is { Length: > 0 } m
        ? new BigInteger(m, isUnsigned: true, isBigEndian: true)
        : throw new InvalidOperationException("The campaign's Paillier key is not published yet.");

    async Task<PaillierKeyInfo> IPaillierCampaignGrain.PublishKeyAsync(string participantId, PaillierKeyUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        await EnsureExistsAsync();
        RequirePaillier();
        RequireKeyHolder(participantId);
        var n = ParseModulus(upload.Modulus);
        var bytes = n.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (S.Paillier.Modulus is { } existing)
        {
            return existing.AsSpan().SequenceEqual(bytes)
                ? KeyInfo()
                : throw new IllegalTransitionException("The campaign already has a different Paillier key; a published key cannot be replaced.");
        }

        if (HasEnded)
        {
            throw new CampaignEndedException($"Campaign '{Id}' has ended ({S.State}).");
        }

        RoundPlan? first = null;
        var starts = S.State == CampaignState.Created && S.Participants.Count >= (Config.MinEnrolled ?? Config.MinParticipants);
        var budget = starts ? await CheckBudgetAsync(1, S.Participants.Count) : default;
        await MutateAsync(async () =>
        {
            S.Paillier.KeyHolder = participantId;
            S.Paillier.Modulus = bytes;
            if (starts && budget.Refusal is not null)
            {
                EndForBudget(budget.Refusal);
            }
            else if (starts)
            {
                first = PlanAttempt(1, 1);
                S.PendingPrivacyEvent = budget.Event;
            }

            await state.WriteStateAsync();
        });
        if (first is not null)
        {
            await TryActivateAttemptAsync(first);
        }

        AfterTransition();
        return KeyInfo();
    }

    async Task<PaillierKeyInfo> IPaillierCampaignGrain.GetKeyAsync()
    {
        await EnsureExistsAsync();
        RequirePaillier();
        return KeyInfo();
    }

    async Task<SubmitReceipt> IPaillierCampaignGrain.SubmitCiphertextsAsync(string participantId, PaillierBlob update)
    {
        ArgumentNullException.ThrowIfNull(update);
        await EnsureExistsAsync();
        RequirePaillier();
        using var activity = telemetry.ActivitySource.StartActivity("campaign.submit-ciphertexts");
        activity?.SetTag("orleansfed.campaign", Id);
        activity?.SetTag("orleansfed.round", update.Round);
        ValidateCiphertextSubmission(participantId, update.Round);

        var round = S.CurrentRound;
        var result = await PaillierRound(round, S.CurrentAttempt).SubmitAsync(PaillierPlan(), participantId, update);
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
            await TryCloseAsync(round);
        }

        return new SubmitReceipt { Round = update.Round, Accepted = true, Duplicate = result.Duplicate };
    }

    async Task<PaillierBlob> IPaillierCampaignGrain.GetEncryptedSumAsync(string participantId, int round, int attempt)
    {
        await EnsureExistsAsync();
        RequirePaillier();
        RequireKeyHolder(participantId);
        if (!S.Paillier.AwaitingDecryption || !S.AttemptOpen || round != S.CurrentRound || attempt != S.CurrentAttempt)
        {
            throw new RoundClosedException(string.Create(CultureInfo.InvariantCulture,
                $"Round {round} attempt {attempt} has no sum awaiting decryption."));
        }

        return await PaillierRound(round, attempt).GetSumAsync();
    }

    async Task<SubmitReceipt> IPaillierCampaignGrain.SubmitAverageAsync(string participantId, int attempt, UpdateBlob average)
    {
        ArgumentNullException.ThrowIfNull(average);
        await EnsureExistsAsync();
        RequirePaillier();
        RequireKeyHolder(participantId);
        if (S.History.Exists(r => r.Round == average.Round && r.Attempt == attempt))
        {
            // Committed already (e.g. the receipt was lost): acknowledge the repeat.
            return new SubmitReceipt { Round = average.Round, Accepted = true, Duplicate = true };
        }

        if (S.State == CampaignState.Paused)
        {
            throw new RoundClosedException($"Campaign '{Id}' is paused; the average is accepted again after it resumes.");
        }

        if (!S.Paillier.AwaitingDecryption || !S.AttemptOpen || average.Round != S.CurrentRound || attempt != S.CurrentAttempt)
        {
            throw new RoundClosedException(string.Create(CultureInfo.InvariantCulture,
                $"Round {average.Round} attempt {attempt} is not awaiting decryption."));
        }

        if (average.Weights.Length != S.ParameterCount)
        {
            throw new WrongLengthException(string.Create(CultureInfo.InvariantCulture,
                $"The average has {average.Weights.Length} values; the model has {S.ParameterCount} parameters."));
        }

        if (average.SampleCount < 1)
        {
            throw new InvalidRequestException("The average's sample count (Σn) must be at least 1.");
        }

        await PaillierRound(average.Round, attempt).CompleteAsync(average);
        await TryCloseAsync(average.Round);
        return new SubmitReceipt { Round = average.Round, Accepted = true, Duplicate = false };
    }

    /// <summary>Hook of <see cref="CloseAttemptAsync"/>: the attempt's result, or <see langword="null"/> while it awaits
    /// decryption (the deadline then moves to the decryption deadline).</summary>
    private async Task<RoundCloseResult?> ClosePaillierAttemptAsync(int round, int attempt)
    {
        var now = TimeProvider.GetUtcNow();
        var status = await PaillierRound(round, attempt).CloseAsync(PaillierPlan(), now, TimeSpan.FromSeconds(Config.RoundTimeoutSeconds));
        switch (status.Phase)
        {
            case PaillierRoundPhase.AwaitingDecryption:
                var deadline = status.DecryptionDeadline!.Value;
                if (!S.Paillier.AwaitingDecryption || S.Deadline != deadline)
                {
                    await MutateAsync(async () =>
                    {
                        S.Paillier.AwaitingDecryption = true;
                        S.Deadline = deadline;
                        await state.WriteStateAsync();
                    });
                    await ArmDeadlineAsync();
                }

                return null;
            case PaillierRoundPhase.Decrypted:
                S.Paillier.AwaitingDecryption = false;
                var average = status.Average!;
                var record = new RoundRecord
                {
                    Round = round,
                    Attempt = attempt,
                    Participants = status.Contributors.Length,
                    Samples = average.SampleCount,
                    ClosedAt = now,
                    CloseReason = status.AllSubmitted ? CloseReason.AllSubmitted : CloseReason.Deadline,
                    TrainLoss = average.TrainLoss,
                };
                return new RoundCloseResult(true, status.Contributors.Length, average.Weights, record);
            default:
                S.Paillier.AwaitingDecryption = false;
                return new RoundCloseResult(false, status.Contributors.Length, ReadOnlyMemory<float>.Empty, null);
        }
    }

    /// <summary>Hook of <see cref="ICampaignGrain.GetNextTaskAsync"/>: the key holder's key and decrypt duties, and
    /// nothing for others while the key is missing or the sum is being decrypted; <see langword="null"/> otherwise.</summary>
    private TaskOffer? PaillierOffer(string participantId)
    {
        if (!IsPaillier || HasEnded)
        {
            return null;
        }

        var holder = participantId == PaillierKeyHolder;
        if (S.Paillier.Modulus is null)
        {
            return holder ? new TaskOffer(TaskOfferKind.Assigned, PaillierTaskFor(PaillierAction.GenerateKey), S.State) : new TaskOffer(TaskOfferKind.None, null, S.State);
        }

        if (S.State == CampaignState.Running && S.AttemptOpen && S.Paillier.AwaitingDecryption)
        {
            return holder ? new TaskOffer(TaskOfferKind.Assigned, PaillierTaskFor(PaillierAction.Decrypt), S.State) : new TaskOffer(TaskOfferKind.None, null, S.State);
        }

        return null;
    }

    /// <summary>Hook of <see cref="ICampaignGrain.GetNextTaskAsync"/>: adds the encryption instructions to a training task.</summary>
    private TrainingTask WithPaillier(TrainingTask task) =>
        IsPaillier ? task with { Paillier = PaillierInstructions(PaillierAction.Train) } : task;

    private TrainingTask PaillierTaskFor(PaillierAction action) => new()
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
        Paillier = PaillierInstructions(action),
    };

    private PaillierTask PaillierInstructions(PaillierAction action) => new()
    {
        Action = action,
        KeyHolder = PaillierKeyHolder,
        Bits = PaillierSpec.Bits,
        Modulus = S.Paillier.Modulus is { } m ? Convert.ToBase64String(m) : null,
        Encoding = PaillierSpec.Encoding,
        ParameterCount = S.ParameterCount,
        Ciphertexts = S.Paillier.Modulus is null ? 0 : PaillierCiphertexts(),
    };

    private int PaillierCiphertexts()
    {
        if (_paillierCiphertexts == 0)
        {
            var spec = PaillierSpec;
            _paillierCiphertexts = spec.Packer(spec.PublicKey(PaillierModulus)).PlaintextsFor(PaillierModeSpec.PackedValues(S.ParameterCount));
        }

        return _paillierCiphertexts;
    }

    private PaillierRoundPlan PaillierPlan() => new(
        S.CurrentRound, S.CurrentAttempt, [.. S.Selected], Config.MinParticipants, PaillierModulus, PaillierCiphertexts(),
        PaillierSpec.MaxSummands, S.ParameterCount);

    private PaillierKeyInfo KeyInfo() => new(
        PaillierKeyHolder, PaillierSpec.Bits, S.Paillier.Modulus is { } m ? Convert.ToBase64String(m) : null);

    private IPaillierRoundGrain PaillierRound(int round, int attempt) =>
        GrainFactory.GetGrain<IPaillierRoundGrain>(GrainKeys.Round(Id, round, attempt));

    private async Task<IEnumerable<string>> PaillierContributorsAsync(int round, int attempt) =>
        (await PaillierRound(round, attempt).GetStatusAsync()).Contributors;

    private async Task ReleasePaillierQuietlyAsync(int round, int attempt)
    {
        try
        {
            await PaillierRound(round, attempt).ReleaseAsync();
        }
#pragma warning disable CA1031 // Releasing only reclaims storage; the outcome is already durable.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            GrainsLog.ReleaseFailed(logger, ex, Id, round, attempt);
        }
    }

    private async Task TryCloseAsync(int round)
    {
        // The contribution is already durable: a failure to close must not turn the receipt into an error; the
        // deadline reminder closes the round instead.
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
}
