using System.Globalization;
using Microsoft.Extensions.Logging;
using OrleansFed.Grains.Campaigns;
using OrleansFed.Grains.Ledger;
using OrleansFed.Grains.Participants;
using OrleansFed.Grains.Telemetry;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.SecProbe;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Learning.SecProbe;
using OrleansFed.Privacy.Accounting;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.SecProbe;

/// <summary>
/// A SecProbe campaign (see <see cref="ISecProbeCampaignGrain"/>). Every transition writes the campaign state before it
/// is acknowledged. The round grains hold the uploads and results; this grain holds the round number and the weights
/// the current round starts from. A crash between a round's selection and this grain's advance is repaired on the next
/// activation (the round's stored result is read again), and a crash before the next round is opened likewise (opening
/// is idempotent for an equal spec).
/// </summary>
[GrainType("secprobe-campaign")]
public sealed class SecProbeCampaignGrain(
    [PersistentState("secprobe-campaign")] IPersistentState<SecProbeCampaignState> state,
    ISecProbeValidationSets sets,
    CampaignChangeFeed changes,
    GrainsTelemetry telemetry,
    ILogger<SecProbeCampaignGrain> logger) : Grain, ISecProbeCampaignGrain
{
    private bool _synced;
    private bool _listed;
    private int _accepted;

    private string CampaignId => SecProbeKeys.CampaignIdOf(GetPrimaryKeyString());

    /// <summary>Key scope of this campaign's participants and ledgers.</summary>
    private string Scope => SecProbeKeys.Scope(CampaignId);

    async Task<SecProbeCampaignStatus> ISecProbeCampaignGrain.ConfigureAsync(SecProbeCampaignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (state.State.Spec is { } existing)
        {
            return existing == spec
                ? await StatusAsync()
                : throw new InvalidRequestException("The SecProbe campaign is already configured with different settings.");
        }

        SecProbeCampaignSpecRules.Validate(spec);
        var data = sets.Get(spec.ValidationSet);
        var network = SecProbeValidationSets.Network(data, spec.Hidden);
        var weights = network.Initialize(spec.Seed);
        SiloPretraining.TrainHiddenLayer(network, weights, data, spec.PretrainEpochs, SiloPretraining.DefaultLearningRate, spec.Seed);
        state.State.Spec = spec;
        state.State.Inputs = network.Inputs;
        state.State.Outputs = network.Outputs;
        state.State.Round = 1;
        state.State.Weights = weights;
        await WriteAsync();
        // Listed once durable; a crash in between is mended by the next configure (equal spec) or status call.
        await GrainFactory.GetGrain<ICampaignRegistryGrain>(SecProbeKeys.Registry).AddAsync(CampaignId);
        GrainsLog.SecProbeConfigured(logger, CampaignId, spec.ValidationSet, spec.Rounds, spec.Accept, spec.Select,
            spec.ParticipantEpsilon, spec.SelectionEpsilon, spec.SelectionMechanism, weights.Length);
        _synced = false;
        return await StatusAsync();
    }

    async Task<Enrollment> ISecProbeCampaignGrain.EnrollAsync(EnrollRequest request)
    {
        RequireSpec();
        if (state.State.Completed)
        {
            throw new CampaignEndedException($"The SecProbe campaign '{CampaignId}' has completed; it accepts no new participants.");
        }

        CampaignConfigValidator.ValidateEnrollment(request);
        var participantId = GrainKeys.ParticipantId(state.State.Enrolled + 1);
        var (token, hash) = ParticipantToken.Issue(participantId);
        // The participant record is durable before the campaign counts it; if the process dies in between, the token was
        // never returned and the next enrollment overwrites this id.
        await GrainFactory.GetGrain<IParticipantGrain>(GrainKeys.Participant(Scope, participantId))
            .RegisterAsync(new ParticipantRegistration(request.Name, request.SampleCount, hash, TimeProvider.GetUtcNow()));
        state.State.Enrolled++;
        await WriteAsync();
        GrainsLog.SecProbeEnrolled(logger, CampaignId, participantId, state.State.Enrolled);
        return new Enrollment { ParticipantId = participantId, Token = token };
    }

    async Task<SecProbeCampaignStatus> ISecProbeCampaignGrain.StopAsync()
    {
        var spec = RequireSpec();
        await SyncAsync(spec);
        if (!state.State.Completed)
        {
            state.State.Completed = true;
            state.State.Stopped = true;
            await WriteAsync();
            try
            {
                await RoundGrain(state.State.Round).CloseAsync();
            }
            catch
            {
                // The stop is durable, the close is not: the next call syncs and closes the round.
                _synced = false;
                throw;
            }

            GrainsLog.SecProbeStopped(logger, CampaignId, state.State.Round, state.State.History.Count);
            telemetry.CampaignsEnded.Add(1, new KeyValuePair<string, object?>("state", "Stopped"));
            changes.Pulse(Scope);
        }

        return await StatusAsync();
    }

    async Task<SecProbeCampaignStatus> ISecProbeCampaignGrain.GetStatusAsync()
    {
        RequireSpec();
        return await StatusAsync();
    }

    async Task<SecProbeRoundView> ISecProbeCampaignGrain.GetRoundAsync()
    {
        var spec = RequireSpec();
        await SyncAsync(spec);
        return View(spec);
    }

    async Task<ModelBlob> ISecProbeCampaignGrain.GetModelAsync()
    {
        var spec = RequireSpec();
        await SyncAsync(spec);
        return new ModelBlob(state.State.History.Count, (float[])state.State.Weights.Clone());
    }

    async Task ISecProbeCampaignGrain.AdmitUploadAsync(string participantId, int round)
    {
        var spec = RequireSpec();
        await SyncAsync(spec);
        CheckRound(spec, participantId, round);
        await CheckBudgetAsync(spec, participantId, round);
    }

    async Task<SecProbeClaim> ISecProbeCampaignGrain.ClaimAsync(string participantId, int round)
    {
        var spec = RequireSpec();
        await SyncAsync(spec);
        bool finished = CheckRound(spec, participantId, round);
        if (!finished)
        {
            await CheckBudgetAsync(spec, participantId, round);
        }

        var claim = finished
            ? new SecProbeClaim(false, true, 0, 0)
            : await RoundGrain(round).ClaimAsync(participantId);
        if (!claim.Granted)
        {
            telemetry.ClaimsRefused.Add(1, new KeyValuePair<string, object?>("outcome", claim.Stop ? "stop" : "wait"));
        }

        return claim;
    }

    async Task ISecProbeCampaignGrain.ReleaseClaimAsync(string participantId, int round)
    {
        var spec = RequireSpec();
        await SyncAsync(spec);
        if (!CheckRound(spec, participantId, round))
        {
            await RoundGrain(round).ReleaseClaimAsync(participantId);
        }
    }

    async Task<SecProbeUploadReceipt> ISecProbeCampaignGrain.UploadAsync(string participantId, int round, float[] weights)
    {
        var spec = RequireSpec();
        ArgumentNullException.ThrowIfNull(weights);
        await SyncAsync(spec);
        bool finished = CheckRound(spec, participantId, round);
        await CheckBudgetAsync(spec, participantId, round);
        if (finished)
        {
            // A finished round answers as it did (an accepted participant's retry gets its receipt; anyone else: stop).
            return await ChargeIfStoppedAsync(spec, participantId, round, await RoundGrain(round).UploadAsync(participantId, weights));
        }

        int expected = state.State.Weights.Length;
        if (weights.Length != expected)
        {
            throw new WrongLengthException(string.Create(CultureInfo.InvariantCulture,
                $"Expected {expected} weights (the network's parameter count), got {weights.Length}."));
        }

        var receipt = await RoundGrain(round).UploadAsync(participantId, weights);
        if (receipt.Accepted)
        {
            if (receipt.Position > _accepted)
            {
                // A new acceptance (a repeat gets its earlier, lower position).
                telemetry.UpdatesAccepted.Add(1, new KeyValuePair<string, object?>("protocol", "secprobe"));
            }

            _accepted = Math.Max(_accepted, receipt.Position);
            if (receipt.Position == spec.Accept)
            {
                await AdvanceAsync(spec);
            }
        }

        return await ChargeIfStoppedAsync(spec, participantId, round, receipt);
    }

    /// <summary>
    /// Refuses a participant that another charge would take past the campaign's cap. A round already charged to it (its
    /// upload reached the silo) costs nothing more, so a retry is always answered.
    /// </summary>
    private async Task CheckBudgetAsync(SecProbeCampaignSpec spec, string participantId, int round)
    {
        if (spec.ParticipantEpsilonBudget is not { } cap)
        {
            return;
        }

        var ledger = GrainFactory.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger(Scope, participantId));
        string entry = SecProbeKeys.LedgerEntry(round);
        if ((await ledger.GetEntriesAsync()).Any(e => e.Id == entry))
        {
            return;
        }

        double spent = await ledger.GetEpsilonAsync("composition", 0);
        if (spent + spec.ParticipantEpsilon > cap * (1 + 1e-12))
        {
            GrainsLog.SecProbeBudgetRefused(logger, CampaignId, participantId, round, spent, cap);
            throw new SecProbeBudgetExhaustedException(string.Create(CultureInfo.InvariantCulture,
                $"Participant {participantId} has spent ε = {spent} of the campaign's cap {cap}; another upload (ε₂ = {spec.ParticipantEpsilon}) would exceed it."));
        }
    }

    /// <summary>Validates the participant and round; true for a finished round, false for the current one.</summary>
    private bool CheckRound(SecProbeCampaignSpec spec, string participantId, int round)
    {
        if (!GrainKeys.IsParticipantId(participantId))
        {
            throw new InvalidRequestException("The participant id is malformed.");
        }

        if (round < 1 || round > spec.Rounds)
        {
            throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                $"Round {round} does not exist; the campaign runs rounds 1 to {spec.Rounds}."));
        }

        if (round > state.State.Round)
        {
            throw new RoundClosedException(string.Create(CultureInfo.InvariantCulture,
                $"Round {round} has not started; the current round is {state.State.Round}."));
        }

        return round < state.State.Round || state.State.Completed;
    }

    /// <summary>
    /// A stopped upload is discarded unread, but the silo did receive it: its participant's ledger is charged ε₂ for the
    /// round as for an accepted one (the same idempotent entry), before the answer goes out.
    /// </summary>
    private async Task<SecProbeUploadReceipt> ChargeIfStoppedAsync(SecProbeCampaignSpec spec, string participantId, int round, SecProbeUploadReceipt receipt)
    {
        if (receipt.Stop)
        {
            await GrainFactory.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger(Scope, participantId))
                .RecordAsync(SecProbeKeys.LedgerEntry(round), new PureDpEvent(spec.ParticipantEpsilon));
            telemetry.UploadsStopped.Add(1);
            GrainsLog.SecProbeUploadStopped(logger, CampaignId, round, participantId);
        }

        return receipt;
    }

    private ISecProbeRoundGrain RoundGrain(int round) =>
        GrainFactory.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round(CampaignId, round));

    private SecProbeCampaignSpec RequireSpec() => state.State.Spec
        ?? throw new CampaignNotFoundException($"No SecProbe campaign '{CampaignId}' is configured.");

    /// <summary>After activation (or configuration): finish an advance a crash interrupted and make sure the current round is open.</summary>
    private async Task SyncAsync(SecProbeCampaignSpec spec)
    {
        if (_synced)
        {
            return;
        }

        await AdvanceAsync(spec);
        if (!state.State.Completed)
        {
            _accepted = (await RoundGrain(state.State.Round).OpenAsync(RoundSpec(spec))).Accepted;
        }
        else if (state.State.Stopped)
        {
            // A crash may have fallen between the stop's write and the round's closing.
            await RoundGrain(state.State.Round).CloseAsync();
        }

        _synced = true;
    }

    /// <summary>Moves past every round whose selection is stored, writing the campaign state, then opens the next round.</summary>
    private async Task AdvanceAsync(SecProbeCampaignSpec spec)
    {
        bool advanced = false;
        var finished = new List<SecProbeRoundResult>();
        while (!state.State.Completed && await RoundGrain(state.State.Round).GetResultAsync() is { } result)
        {
            finished.Add(result);
            state.State.History.Add(new SecProbeRoundSummary(result.Round, result.Accepted, result.Selected));
            state.State.Weights = result.NewGlobalWeights;
            if (state.State.Round == spec.Rounds)
            {
                state.State.Completed = true;
            }
            else
            {
                state.State.Round++;
            }

            advanced = true;
        }

        if (!advanced)
        {
            return;
        }

        await WriteAsync();
        foreach (var result in finished)
        {
            bool last = result.Round == spec.Rounds;
            telemetry.RoundsCompleted.Add(1, new KeyValuePair<string, object?>("protocol", "secprobe"));
            GrainsLog.SecProbeRoundFinished(logger, CampaignId, result.Round, result.Selected.Length, result.Accepted.Length,
                last ? "campaign completed" : $"round {result.Round + 1} opens");
        }

        if (state.State.Completed)
        {
            telemetry.CampaignsEnded.Add(1, new KeyValuePair<string, object?>("state", "Completed"));
        }

        _accepted = 0;
        if (!state.State.Completed)
        {
            _accepted = (await RoundGrain(state.State.Round).OpenAsync(RoundSpec(spec))).Accepted;
        }

        await CompactAsync(finished);

        // Wake participants long-polling for the next round (or the end).
        changes.Pulse(Scope);
    }

    /// <summary>
    /// The finished rounds' weights live on in this grain's state (the next round's start, or the final model): their
    /// round grains drop theirs, so a long campaign's storage does not grow by a model per round. Housekeeping only: a
    /// failure is logged and leaves the round as it was.
    /// </summary>
    private async Task CompactAsync(List<SecProbeRoundResult> finished)
    {
        foreach (var result in finished)
        {
            try
            {
                await RoundGrain(result.Round).CompactAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                GrainsLog.SecProbeCompactFailed(logger, ex, CampaignId, result.Round);
            }
        }
    }

    private SecProbeRoundSpec RoundSpec(SecProbeCampaignSpec spec) =>
        new(Scope, state.State.Round, spec.Accept, spec.Select, spec.SelectionEpsilon, spec.ParticipantEpsilon,
            spec.UtilitySensitivity, Exponential: true, state.State.Weights)
        {
            AverageFrom = spec.SiloKeepsHidden ? Network(spec).OutputOffset : 0,
            JointSelection = spec.SelectionMechanism == SecProbeCampaignSpec.JointSelection,
            ValidationSet = spec.ValidationSet,
            Hidden = spec.Hidden,
            ClaimTimeout = TimeSpan.FromSeconds(spec.ClaimTimeoutSeconds),
        };

    private SecProbeNetwork Network(SecProbeCampaignSpec spec) =>
        new(state.State.Inputs, spec.Hidden, state.State.Outputs, SecProbeValidationSets.FeatureScale(spec.Hidden));

    private SecProbeRoundView View(SecProbeCampaignSpec spec) => new(
        CampaignId,
        state.State.Stopped ? SecProbeRoundView.Stopped : state.State.Completed ? SecProbeRoundView.Completed : SecProbeRoundView.Collecting,
        state.State.Round,
        spec.Rounds,
        state.State.Stopped ? 0 : state.State.Completed ? spec.Accept : _accepted,
        spec.Accept,
        state.State.Inputs,
        spec.Hidden,
        state.State.Outputs,
        SecProbeValidationSets.FeatureScale(spec.Hidden),
        spec.ParticipantEpsilon,
        spec.Iterations,
        spec.LearningRate,
        spec.CoefficientRelease);

    private async Task<SecProbeCampaignStatus> StatusAsync()
    {
        var spec = RequireSpec();
        await SyncAsync(spec);
        if (!_listed)
        {
            await GrainFactory.GetGrain<ICampaignRegistryGrain>(SecProbeKeys.Registry).AddAsync(CampaignId);
            _listed = true;
        }

        double spent = await GrainFactory.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger(Scope))
            .GetEpsilonAsync("composition", 0);
        return new SecProbeCampaignStatus(spec, View(spec), [.. state.State.History], spent);
    }

    private Task WriteAsync() => WriteStateOrDeactivateAsync(state);
}
