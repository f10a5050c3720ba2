using Microsoft.Extensions.Logging;
using OrleansFed.Grains.Campaigns;
using OrleansFed.Grains.Ledger;
using OrleansFed.Grains.Telemetry;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.SecProbe;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Learning.SecProbe;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.SecProbe;

/// <summary>
/// A SecProbe campaign (see <see cref="ISecProbeCampaignGrain"/>). Every transition writes the campaign state before it
/// is acknowledged. The round grains hold the uploads and results; this grain holds the round number and the weights
/// the current round starts from. A crash between a round's selection and this grain's advance is repaired on the next
/// activation (the round's stored result is read again), and a crash before the next round is opened likewise (opening
/// is idempotent for an equal spec). The participants' calls (enrollment, claims, uploads, the ε cap) are in
/// <c>SecProbeCampaignGrain.Participants.cs</c>.
/// </summary>
[GrainType("secprobe-campaign")]
public sealed partial class SecProbeCampaignGrain(
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
        }

        if (finished.Count == 0)
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
        new(state.State.Inputs, spec.Hidden, state.State.Outputs, SecProbeNetwork.UnitL1FeatureScale(spec.Hidden));

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
        SecProbeNetwork.UnitL1FeatureScale(spec.Hidden),
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
