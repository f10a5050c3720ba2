using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using OrleansFed.Grains.DifferentialPrivacy;
using OrleansFed.Grains.Ledger;
using OrleansFed.Grains.Sampling;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Grains.Campaigns;

/// <summary>
/// Privacy accounting of the campaign. Before a round attempt opens, the campaign asks its ledger what ε the round's
/// planned mechanism event would bring it to and, over budget, ends as <see cref="CampaignState.Completed"/> with a
/// "Privacy budget exhausted" message instead of opening it. When a round commits, its event is recorded in the ledger
/// under the id <c>round-N</c> (idempotent, so a re-close after a crash charges once). Under <c>dp-distributed</c> the
/// noise is added by the participants and any attempt's inputs could end in a released sum, so every attempt is charged
/// before it opens instead, as <c>round-N-aA</c>. ε comes from src/Privacy's accountants through the ledger grain;
/// nothing here computes a DP bound.
/// </summary>
public sealed partial class CampaignGrain
{
    /// <summary>Prefix of the campaign's final message when the budget ends it.</summary>
    public const string BudgetExhaustedMessage = "Privacy budget exhausted";

    /// <summary>Prefix of the campaign's final message when a round's privacy settings are refused (it then fails).</summary>
    public const string PrivacySettingsRefusedMessage = "Privacy settings refused";

    /// <summary>The attempt whose <c>dp-distributed</c> charge this activation has already made durable.</summary>
    private (int Round, int Attempt)? _chargedAttempt;

    private IPrivacyLedgerGrain Ledger() => GrainFactory.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger(Id));

    /// <summary>The planned event of a round and, when it would exceed the budget, why the round is refused.</summary>
    /// <param name="round">The round about to be planned.</param>
    /// <param name="enrolled">Participants enrolled once the round opens.</param>
    /// <param name="enrolling">A participant registered but not yet counted in the state (the enrollment that starts
    /// the campaign): it takes part in the round, so its budget is checked too.</param>
    private async Task<(RoundRefusal? Refusal, PrivacyEvent? Event)> CheckBudgetAsync(int round, int enrolled, string? enrolling = null)
    {
        var config = Config;
        if (await CheckParticipantBudgetsAsync(round, enrolling) is { } participantRefusal)
        {
            return (new RoundRefusal(participantRefusal, CampaignState.Completed), null);
        }

        var sampled = RoundSampler.SampleSize(config, enrolled);
        if (DpDistributedRound.Is(config.Privacy) && sampled > 0 &&
            !DpDistributedRound.TryCodec(PrivacyModeSpec.Parse(config.Privacy), sampled, S.ParameterCount, out _, out var codecError))
        {
            return (new RoundRefusal(string.Create(CultureInfo.InvariantCulture,
                $"{PrivacySettingsRefusedMessage}: round {round} (dp-distributed, {sampled} participants): {codecError}"), CampaignState.Failed), null);
        }

        var planned = privacyCost.ForRound(config, round, sampled, enrolled, S.ParameterCount);
        if (planned is null || config.PrivacyBudget is not { } budget)
        {
            return (null, planned);
        }

        var ledger = Ledger();
        var projected = await ledger.ProjectEpsilonAsync(planned, budget.Accountant, budget.Delta);
        if (projected <= budget.Epsilon)
        {
            return (null, planned);
        }

        var spent = await ledger.GetEpsilonAsync(budget.Accountant, budget.Delta);
        return (new RoundRefusal(string.Create(CultureInfo.InvariantCulture,
            $"{BudgetExhaustedMessage}: round {round} would raise ε from {spent:0.####} to {projected:0.####}, over the " +
            $"budget ε = {budget.Epsilon} at δ = {budget.Delta}; stopped after {round - 1} of {config.Rounds} rounds."), CampaignState.Completed), planned);
    }

    /// <summary>Records the committed round's pending event; returns the campaign's ε afterwards (with a budget).</summary>
    private async Task<double?> ChargeRoundAsync(int round)
    {
        if (S.PendingPrivacyEvent is not { } pending)
        {
            return null;
        }

        var ledger = Ledger();
        if (!DpDistributedRound.Is(Config.Privacy))
        {
            await ledger.RecordAsync(string.Create(CultureInfo.InvariantCulture, $"round-{round}"), pending);
        }

        if (Config.PrivacyBudget is { } budget)
        {
            return await ledger.GetEpsilonAsync(budget.Accountant, budget.Delta);
        }

        return ReportedDelta() is { } delta ? await ledger.GetEpsilonAsync(PrivacyBudgetConfig.DefaultAccountant, delta) : null;
    }

    /// <summary>
    /// <c>dp-distributed</c>: records the open attempt's planned event (entry <c>round-R-aA</c>) before the attempt's round
    /// grain opens and before any of its secure-aggregation keys or masked inputs is accepted. Idempotent: the event is
    /// the durable <see cref="CampaignGrainState.PendingPrivacyEvent"/>, so re-driving after a crash records it once.
    /// </summary>
    private async Task ChargeOpenAttemptAsync()
    {
        if (!DpDistributedRound.Is(Config.Privacy) || S.PendingPrivacyEvent is not { } pending || _chargedAttempt == (S.CurrentRound, S.CurrentAttempt))
        {
            return;
        }

        await Ledger().RecordAsync(string.Create(CultureInfo.InvariantCulture, $"round-{S.CurrentRound}-a{S.CurrentAttempt}"), pending);
        _chargedAttempt = (S.CurrentRound, S.CurrentAttempt);
    }

    /// <summary>δ at which ε is reported: the budget's, else the DP mode's; <see langword="null"/> when nothing is
    /// accounted (no budget and no DP mode).</summary>
    private double? ReportedDelta() =>
        Config.PrivacyBudget?.Delta ?? (PrivacyModeSpec.IsDpMode(Config.Privacy) ? PrivacyModeSpec.Parse(Config.Privacy).Delta : null);

    /// <summary>The campaign's ε for the history and status after round <paramref name="round"/> commits: the campaign
    /// ledger's (from <see cref="ChargeRoundAsync"/>), or under <c>dp-sgd</c> the largest participant ε so far.</summary>
    private async Task<double?> RoundEpsilonAsync(int round)
    {
        var charged = await ChargeRoundAsync(round);
        if (PrivacyModes.NameOf(Config.Privacy) == PrivacyModes.DpSgd)
        {
            return S.ParticipantEpsilon is { Count: > 0 } all ? all.Values.Max() : 0;
        }

        return charged;
    }

    /// <summary>
    /// <c>dp-sgd</c>: charges an accepted update to its participant's durable ledger (entry <c>round-R-aA</c>, so a
    /// repeated submission charges once) and stores the participant's ε in its participant grain and in the campaign
    /// state. Called for new and repeated submissions alike, so a crash between acceptance and charging is repaired by
    /// the participant's retry.
    /// </summary>
    private Task ChargeParticipantAsync(string participantId, int round, int attempt) =>
        PrivacyModes.NameOf(Config.Privacy) != PrivacyModes.DpSgd
            ? Task.CompletedTask
            : ChargeDpSgdRunAsync(participantId, string.Create(CultureInfo.InvariantCulture, $"round-{round}-a{attempt}"), S.Fit.BatchSize, S.Fit.LocalEpochs);

    /// <summary>
    /// <c>dp-sgd</c>: charges an update the silo received but refused (its round closed, the campaign paused or ended,
    /// or the participant not selected) — the silo has seen that DP-SGD run all the same. The entry is keyed by a
    /// hash of the update, so a retry of the same bytes charges once and a different run charges again; the run is
    /// priced with the campaign's batch size and epochs (those every task of the campaign carries).
    /// </summary>
    private Task ChargeRefusedUpdateAsync(string participantId, UpdateBlob update)
    {
        if (PrivacyModes.NameOf(Config.Privacy) != PrivacyModes.DpSgd)
        {
            return Task.CompletedTask;
        }

        var digest = RefusedUpdateDigest(update);
        return ChargeDpSgdRunAsync(participantId, string.Create(CultureInfo.InvariantCulture, $"round-{update.Round}-refused-{digest}"), Config.BatchSize, Config.LocalEpochs);
    }

    /// <summary>The first 8 bytes of SHA-256 over the update's round, sample count, loss and weights, in hex.</summary>
    private static string RefusedUpdateDigest(UpdateBlob update)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(header, update.Round);
        BinaryPrimitives.WriteInt64LittleEndian(header[4..], update.SampleCount);
        BinaryPrimitives.WriteSingleLittleEndian(header[12..], update.TrainLoss);
        hash.AppendData(header);
        hash.AppendData(MemoryMarshal.AsBytes(update.Weights.Span));
        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 8));
    }

    /// <summary>Records one local DP-SGD run in the participant's ledger (idempotent by entry id) and stores its ε.</summary>
    private async Task ChargeDpSgdRunAsync(string participantId, string entry, int batchSize, int localEpochs)
    {
        var spec = PrivacyModeSpec.Parse(Config.Privacy);
        var participant = GrainFactory.GetGrain<IParticipantGrain>(GrainKeys.Participant(Id, participantId));
        var info = await participant.GetInfoAsync() ?? throw new InvalidOperationException($"Participant {participantId} is not registered.");
        var cost = DpSgdParticipantCost.ForRun(spec.NoiseMultiplier, info.SampleCount, batchSize, localEpochs);
        var ledger = GrainFactory.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger(Id, participantId));
        await ledger.RecordAsync(entry, cost);
        var delta = ReportedDelta()!.Value;
        var epsilon = await ledger.GetEpsilonAsync(PrivacyBudgetConfig.DefaultAccountant, delta);
        await participant.RecordPrivacySpentAsync(epsilon, delta);
        if (S.ParticipantEpsilon is not { } known || !known.TryGetValue(participantId, out var stored) || stored != epsilon)
        {
            await MutateAsync(async () =>
            {
                S.ParticipantEpsilon ??= new Dictionary<string, double>(StringComparer.Ordinal);
                S.ParticipantEpsilon[participantId] = epsilon;
                await state.WriteStateAsync();
            });
        }
    }

    /// <summary>ε for the status: the largest participant ε (<c>dp-sgd</c>), else the campaign's after its last round;
    /// 0 before anything was spent; <see langword="null"/> when nothing is accounted.</summary>
    private double? CurrentEpsilon()
    {
        if (ReportedDelta() is null)
        {
            return null;
        }

        if (PrivacyModes.NameOf(Config.Privacy) == PrivacyModes.DpSgd)
        {
            return S.ParticipantEpsilon is { Count: > 0 } all ? all.Values.Max() : 0;
        }

        return S.Epsilon ?? 0;
    }

    /// <summary>
    /// <c>dp-sgd</c> with a budget: a round is refused when one more local run would raise some enrolled participant's
    /// ε (its own ledger, projected with the run the round's task would ask for) over the budget. Every enrolled
    /// participant is checked, not only the ones the round will sample, so the refusal does not depend on the draw —
    /// including <paramref name="enrolling"/>, the participant whose enrollment is starting the campaign.
    /// </summary>
    private async Task<string?> CheckParticipantBudgetsAsync(int round, string? enrolling)
    {
        var config = Config;
        if (PrivacyModes.NameOf(config.Privacy) != PrivacyModes.DpSgd || config.PrivacyBudget is not { } budget)
        {
            return null;
        }

        var spec = PrivacyModeSpec.Parse(config.Privacy);
        foreach (var participantId in enrolling is null ? S.Participants : S.Participants.Append(enrolling))
        {
            var info = await GrainFactory.GetGrain<IParticipantGrain>(GrainKeys.Participant(Id, participantId)).GetInfoAsync();
            if (info is null)
            {
                continue;
            }

            var run = DpSgdParticipantCost.ForRun(spec.NoiseMultiplier, info.SampleCount, config.BatchSize, config.LocalEpochs);
            var ledger = GrainFactory.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger(Id, participantId));
            var projected = await ledger.ProjectEpsilonAsync(run, budget.Accountant, budget.Delta);
            if (projected > budget.Epsilon)
            {
                var spent = await ledger.GetEpsilonAsync(budget.Accountant, budget.Delta);
                return string.Create(CultureInfo.InvariantCulture,
                    $"{BudgetExhaustedMessage}: round {round} would raise participant {participantId}'s ε from {spent:0.####} to " +
                    $"{projected:0.####}, over the budget ε = {budget.Epsilon} at δ = {budget.Delta}; stopped after {round - 1} of {config.Rounds} rounds.");
            }
        }

        return null;
    }

    /// <summary>The DP-SGD settings a <c>dp-sgd</c> task carries; <see langword="null"/> in other modes.</summary>
    private DpSgdTaskSettings? TaskDpSgd()
    {
        if (PrivacyModes.NameOf(Config.Privacy) != PrivacyModes.DpSgd)
        {
            return null;
        }

        var spec = PrivacyModeSpec.Parse(Config.Privacy);
        return new DpSgdTaskSettings { NoiseMultiplier = spec.NoiseMultiplier, ClipNorm = spec.ClipNorm, Delta = spec.Delta };
    }

    /// <summary>The noise settings a <c>dp-distributed</c> task carries; <see langword="null"/> in other modes.</summary>
    private DpDistributedTaskSettings? TaskDpDistributed()
    {
        if (!DpDistributedRound.Is(Config.Privacy))
        {
            return null;
        }

        var spec = PrivacyModeSpec.Parse(Config.Privacy);
        return new DpDistributedTaskSettings { NoiseMultiplier = spec.NoiseMultiplier, ClipNorm = spec.ClipNorm };
    }

    /// <summary><c>dp-central</c>: the clipping norm of the next round (the adaptive estimate, else the fixed C).</summary>
    private double? PlannedClipNorm() =>
        PrivacyModes.NameOf(Config.Privacy) == PrivacyModes.DpCentral ? S.DpClipNorm ?? PrivacyModeSpec.Parse(Config.Privacy).ClipNorm : null;

    /// <summary>Ends the campaign because the next round would exceed the budget (<see cref="CampaignState.Completed"/>) or
    /// its privacy settings are refused for that round (<see cref="CampaignState.Failed"/>); the caller writes the state.</summary>
    private void EndForBudget(RoundRefusal refusal)
    {
        S.State = refusal.EndState;
        S.AttemptOpen = false;
        S.Selected = [];
        S.PendingPrivacyEvent = null;
        S.Message = refusal.Message;
    }

    /// <summary>Why the next round may not open, and the state the campaign ends in because of it.</summary>
    private sealed record RoundRefusal(string Message, CampaignState EndState);
}
