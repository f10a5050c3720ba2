using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging;
using OrleansFed.Grains.Ledger;
using OrleansFed.Grains.Sampling;
using OrleansFed.Grains.Strategies;
using OrleansFed.Grains.Telemetry;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.Campaigns;

/// <summary>
/// A training campaign: configuration, lifecycle state machine, global model checkpoint, round history; it drives its
/// rounds. Every transition validates, mutates, writes, then acknowledges. Resumability: all progress is in
/// <see cref="CampaignGrainState"/> and <see cref="CheckpointState"/>; each activation re-drives from them once
/// (re-opens the current attempt, re-arms its deadline reminder), and closing a round is idempotent end to end.
/// </summary>
[GrainType("campaign")]
public sealed partial class CampaignGrain(
    [PersistentState("campaign")] IPersistentState<CampaignGrainState> state,
    [PersistentState("checkpoint")] IPersistentState<CheckpointState> checkpoint,
    AggregationStrategies strategies,
    CampaignConfigValidator validator,
    IInitialModelFactory models,
    CampaignChangeFeed changes,
    IRoundPrivacyCost privacyCost,
    SamplingRandomness sampling,
    GrainsTelemetry telemetry,
    ILogger<CampaignGrain> logger) : Grain, ICampaignGrain, IRemindable
{
    private bool _driven;
    private ModelBlob? _model;

    private string Id => GetPrimaryKeyString();

    private CampaignGrainState S => state.State;

    private CampaignConfig Config => S.Config ?? throw new InvalidOperationException("Campaign state has no configuration.");

    private bool HasEnded => S.State is CampaignState.Completed or CampaignState.Stopped or CampaignState.Failed;

    async Task<CampaignStatus> ICampaignGrain.CreateAsync(CampaignConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (state.RecordExists)
        {
            throw new CampaignExistsException($"A campaign with id '{Id}' already exists.");
        }

        if (config.Id is not null && config.Id != Id)
        {
            throw new InvalidRequestException($"The configuration's id '{config.Id}' differs from the campaign id '{Id}'.");
        }

        var normalized = validator.Normalize(config with { Id = Id });
        var weights = models.Create(normalized.Model, normalized.Seed);
        await MutateAsync(async () =>
        {
            // Checkpoint first: a campaign record never exists without its initial model.
            checkpoint.State = new CheckpointState { ModelVersion = 0, Weights = FloatBytes.ToBytes(weights) };
            await checkpoint.WriteStateAsync();
            _model = new ModelBlob(0, weights);
            state.State = new CampaignGrainState
            {
                Config = normalized,
                State = CampaignState.Created,
                CreatedAt = TimeProvider.GetUtcNow(),
                ParameterCount = weights.Length,
                Message = WaitingMessage(normalized, 0),
            };
            await state.WriteStateAsync();
        });
        await GrainFactory.GetGrain<ICampaignRegistryGrain>(GrainKeys.Registry).AddAsync(Id);
        _driven = true;
        GrainsLog.CampaignCreated(logger, Id, normalized.Protocol, normalized.Model, normalized.Rounds, weights.Length);
        return Status();
    }

    async Task<CampaignStatus?> ICampaignGrain.GetStatusAsync()
    {
        if (!state.RecordExists)
        {
            return null;
        }

        await EnsureDrivenAsync();
        return Status();
    }

    async Task<CampaignStatus?> ICampaignGrain.ResumeFromStorageAsync()
    {
        if (!state.RecordExists)
        {
            return null;
        }

        _driven = false;
        await EnsureDrivenAsync();
        GrainsLog.ResumedFromStorage(logger, Id, S.State, S.CurrentRound, S.CurrentAttempt);
        return Status();
    }

    async Task<CampaignStatus> ICampaignGrain.PauseAsync()
    {
        await EnsureExistsAsync();
        if (S.State != CampaignState.Running)
        {
            throw new IllegalTransitionException($"Only a running campaign can be paused; campaign '{Id}' is {S.State}.");
        }

        await MutateAsync(async () =>
        {
            S.State = CampaignState.Paused;
            S.Message = "Paused by an administrator.";
            await state.WriteStateAsync();
        });
        await ClearRemindersAsync();
        AfterTransition();
        return Status();
    }

    async Task<CampaignStatus> ICampaignGrain.ResumeAsync()
    {
        await EnsureExistsAsync();
        if (S.State != CampaignState.Paused)
        {
            throw new IllegalTransitionException($"Only a paused campaign can be resumed; campaign '{Id}' is {S.State}.");
        }

        RoundPlan? plan = null;
        await MutateAsync(async () =>
        {
            S.State = CampaignState.Running;
            S.Message = null;
            if (S.AttemptOpen)
            {
                // The pause may have outlasted the deadline: the open attempt gets a full timeout again.
                S.Deadline = TimeProvider.GetUtcNow().AddSeconds(Config.RoundTimeoutSeconds);
                plan = CurrentPlan();
            }

            await state.WriteStateAsync();
        });
        if (plan is not null)
        {
            await TryActivateAttemptAsync(plan);
        }

        AfterTransition();
        return Status();
    }

    async Task<CampaignStatus> ICampaignGrain.StopAsync()
    {
        await EnsureExistsAsync();
        if (HasEnded)
        {
            throw new IllegalTransitionException($"Campaign '{Id}' has already ended ({S.State}).");
        }

        await MutateAsync(async () =>
        {
            S.State = CampaignState.Stopped;
            S.AttemptOpen = false;
            S.Message = "Stopped by an administrator.";
            await state.WriteStateAsync();
        });
        await ClearRemindersAsync();
        telemetry.CampaignsEnded.Add(1, new KeyValuePair<string, object?>("state", nameof(CampaignState.Stopped)));
        AfterTransition();
        return Status();
    }

    async Task<ImmutableArray<RoundRecord>> ICampaignGrain.GetHistoryAsync()
    {
        await EnsureExistsAsync();
        return [.. S.History];
    }

    async Task<ModelBlob> ICampaignGrain.GetModelAsync()
    {
        await EnsureExistsAsync();
        return CurrentModel();
    }

    private CampaignStatus Status() => new()
    {
        Id = Id,
        Config = Config,
        State = S.State,
        CurrentRound = S.CurrentRound,
        CompletedRounds = S.CompletedRounds,
        Enrolled = S.Participants.Count,
        ModelVersion = S.ModelVersion,
        Message = S.Message,
        Epsilon = CurrentEpsilon(),
        Delta = ReportedDelta(),
        ClipNorm = PlannedClipNorm(),
        ParticipantEpsilon = S.ParticipantEpsilon?.ToImmutableDictionary(StringComparer.Ordinal),
    };

    private ModelBlob CurrentModel() =>
        _model ??= new ModelBlob(checkpoint.State.ModelVersion, FloatBytes.ToFloats(checkpoint.State.Weights));

    private async Task EnsureExistsAsync()
    {
        if (!state.RecordExists)
        {
            throw new CampaignNotFoundException($"No campaign with id '{Id}' exists.");
        }

        await EnsureDrivenAsync();
    }

    /// <summary>Once per activation: make sure the durable state is being acted on (the open attempt's round grain
    /// has its plan and its deadline reminder is armed; an overdue deadline fires at once).</summary>
    private async Task EnsureDrivenAsync()
    {
        if (_driven || !state.RecordExists)
        {
            return;
        }

        _driven = true;
        await GrainFactory.GetGrain<ICampaignRegistryGrain>(GrainKeys.Registry).AddAsync(Id);
        if (S.State == CampaignState.Running && S.AttemptOpen)
        {
            await TryActivateAttemptAsync(CurrentPlan());
        }
        else if (S.State != CampaignState.Running)
        {
            await ClearRemindersAsync();
        }
    }

    /// <summary>Runs a state mutation; if it fails part-way, the activation is dropped so the next call re-reads the
    /// durable state instead of trusting a half-mutated copy.</summary>
    private async Task MutateAsync(Func<Task> mutation)
    {
        try
        {
            await mutation();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private void AfterTransition()
    {
        if (S.State is not CampaignState.Running)
        {
            GrainsLog.StateChanged(logger, Id, S.State, S.Message ?? string.Empty);
        }

        changes.Pulse(Id);
    }

    private static string WaitingMessage(CampaignConfig config, int enrolled) => string.Create(CultureInfo.InvariantCulture,
        $"Waiting for participants: {enrolled} of {config.MinEnrolled ?? config.MinParticipants} enrolled.");
}
