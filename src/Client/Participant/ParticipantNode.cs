using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Learning;

namespace OrleansFed.Client.Participant;

/// <summary>
/// A federated-learning participant: enrolls, long-polls for training tasks, downloads the global model, trains on its
/// local data with <see cref="LocalTrainer"/>, uploads the trained weights, and repeats until the campaign ends.
/// When the silo is down or restarting it keeps reconnecting with backoff, bounded by
/// <see cref="ParticipantNodeOptions.GiveUpAfter"/>. Its raw data never leaves the process.
/// </summary>
public sealed partial class ParticipantNode
{
    private readonly OrleansFedClient _client;
    private readonly Dataset _data;
    private readonly ParticipantNodeOptions _options;
    private readonly ILogger _logger;
    private readonly IProgress<ParticipantProgress>? _progress;
    private readonly ParticipantStateStore? _store;
    private readonly Dictionary<string, Model> _models = new(StringComparer.Ordinal);

    private ParticipantCredential? _credential;
    private DateTimeOffset _lastContact;
    private DateTimeOffset? _unreachableSince;
    private int _reconnects;
    private int _roundsSubmitted;
    private (int Round, int Attempt)? _lastAcknowledged;

    /// <summary>Creates a participant node.</summary>
    /// <param name="client">SDK connected to the silo.</param>
    /// <param name="data">The participant's local training data.</param>
    /// <param name="options">Campaign, name and reconnect settings.</param>
    /// <param name="logger">Structured log sink; none when <see langword="null"/>.</param>
    /// <param name="progress">Observer of each step (e.g. a progress display); optional.</param>
    public ParticipantNode(
        OrleansFedClient client,
        Dataset data,
        ParticipantNodeOptions options,
        ILogger? logger = null,
        IProgress<ParticipantProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (data.Count == 0)
        {
            throw new ArgumentException("A participant needs at least one local training sample.", nameof(data));
        }

        _client = client;
        _data = data;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _progress = progress;
        _store = options.StateDirectory is { } dir ? new ParticipantStateStore(dir, options.CampaignId, options.Name) : null;
    }

    /// <summary>The participant id once enrolled; <see langword="null"/> before.</summary>
    public string? ParticipantId => _credential?.ParticipantId;

    /// <summary>Runs the participant loop until the campaign ends.</summary>
    /// <param name="ct">Stops the loop (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>What the node did.</returns>
    /// <exception cref="SiloUnreachableException">The silo stayed unreachable for longer than the give-up time.</exception>
    /// <exception cref="OrleansFedApiException">The silo rejected a request in a way a retry cannot fix.</exception>
    public async Task<ParticipantRunSummary> RunAsync(CancellationToken ct = default)
    {
        _lastContact = _options.TimeProvider.GetUtcNow();
        LoadPrivacyAccount();
        var reenrolled = false;
        try
        {
            await EnsureEnrolledAsync(ct).ConfigureAwait(false);
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    var credential = _credential!;
                    var task = await WithReconnectAsync("poll", c => _client.GetNextTaskAsync(credential, _options.PollWait, c), ct)
                        .ConfigureAwait(false);
                    reenrolled = false;
                    if (task is not null)
                    {
                        await RunTaskAsync(task, ct).ConfigureAwait(false);
                    }
                }
                catch (OrleansFedApiException ex) when (ex.Status == HttpStatusCode.Unauthorized && !reenrolled)
                {
                    // The silo lost or never had this enrollment (e.g. a stale state file): start afresh, once.
                    ParticipantLog.Reenrolling(_logger, _credential!.ParticipantId);
                    _store?.Delete();
                    _credential = null;
                    reenrolled = true;
                    await EnsureEnrolledAsync(ct).ConfigureAwait(false);
                }
            }
        }
        catch (DpSgdBudgetReachedException budget)
        {
            return new ParticipantRunSummary(_credential?.ParticipantId ?? string.Empty, _roundsSubmitted, _reconnects, budget.Message);
        }
        catch (CampaignEndedException ended)
        {
            var reason = ended.Detail ?? ended.Title;
            ParticipantLog.CampaignEnded(_logger, _options.CampaignId, reason, _roundsSubmitted);
            _progress?.Report(new ParticipantProgress(ParticipantProgressKind.CampaignEnded));
            return new ParticipantRunSummary(_credential?.ParticipantId ?? string.Empty, _roundsSubmitted, _reconnects, reason);
        }
    }

    private async Task EnsureEnrolledAsync(CancellationToken ct)
    {
        if (_store?.Load(_options.CampaignId) is { } stored)
        {
            _credential = stored;
            ParticipantLog.Resumed(_logger, stored.CampaignId, stored.ParticipantId);
        }
        else
        {
            var request = new EnrollRequest { Name = _options.Name, SampleCount = _data.Count };
            _credential = await WithReconnectAsync("enroll", c => _client.EnrollAsync(_options.CampaignId, request, c), ct)
                .ConfigureAwait(false);
            _store?.Save(_credential);
            ParticipantLog.Enrolled(_logger, _credential.CampaignId, _credential.ParticipantId, _data.Count);
        }

        _progress?.Report(new ParticipantProgress(ParticipantProgressKind.Enrolled));
    }

    private async Task RunTaskAsync(TrainingTask task, CancellationToken ct)
    {
        var credential = _credential!;
        if (await TryRunPaillierDutyAsync(task, ct).ConfigureAwait(false))
        {
            return;
        }

        if (_lastAcknowledged == (task.Round, task.Attempt))
        {
            // Already durably accepted; the silo will move on. Do not spin on the same task.
            await Task.Delay(_options.ReconnectBaseDelay, _options.TimeProvider, ct).ConfigureAwait(false);
            return;
        }

        ParticipantLog.TaskReceived(_logger, task.Round, task.Attempt, task.Model, task.ModelVersion, task.LocalEpochs);
        _progress?.Report(new ParticipantProgress(ParticipantProgressKind.TaskReceived, task.Round, task.ModelVersion));

        var global = await WithReconnectAsync("download model", c => _client.DownloadModelAsync(credential, c), ct).ConfigureAwait(false);
        if (global.ModelVersion != task.ModelVersion)
        {
            ParticipantLog.StaleTask(_logger, task.Round, task.ModelVersion, global.ModelVersion);
            return;
        }

        _progress?.Report(new ParticipantProgress(ParticipantProgressKind.ModelDownloaded, task.Round, global.ModelVersion, Model: global));

        var model = ModelFor(task.Model, global.Weights.Length);
        model.LoadParameters(global.Weights.Span);
        var training = new TrainingOptions(task.LocalEpochs, task.BatchSize, task.LearningRate, LocalSeed(task))
        {
            ProximalMu = task.ProximalMu ?? 0,
        };
        var result = task.DpSgd is { } dpSgd
            ? await TrainDpSgdAsync(model, task, dpSgd, ct).ConfigureAwait(false)
            : await TrainAsync(model, training, ct).ConfigureAwait(false);
        var weights = model.GetParameters();
        if (_options.UpdateTransform is { } transform)
        {
            transform.Apply(task.Round, task.Attempt, global.Weights.Span, weights);
            ParticipantLog.UpdateTransformed(_logger, task.Round, transform.Name);
        }

        if (IsSecAgg(task))
        {
            _lastAcknowledged = (task.Round, task.Attempt);
            if (await RunSecAggAsync(task, global.Weights, weights, result.MeanLoss, ct).ConfigureAwait(false))
            {
                _roundsSubmitted++;
                ParticipantLog.Submitted(_logger, task.Round, _data.Count, result.MeanLoss, false);
                _progress?.Report(new ParticipantProgress(ParticipantProgressKind.Submitted, task.Round, task.ModelVersion, result.MeanLoss));
            }

            return;
        }

        var update = new UpdateBlob(task.Round, _data.Count, (float)result.MeanLoss, weights);

        var encrypted = task.Paillier is { } paillier ? await EncryptPaillierUpdateAsync(task, paillier, update, ct).ConfigureAwait(false) : null;

        // A DP-SGD run counts from the moment its update may leave the node: the silo may read it and then refuse it,
        // crash before storing it, or the node may die mid-upload — none of which makes the run private again.
        CommitPrivacySpent(task.Round);
        SubmitReceipt receipt;
        try
        {
            receipt = await WithReconnectAsync(
                    "submit update",
                    c => encrypted is null ? _client.SubmitUpdateAsync(credential, update, c) : _client.SubmitPaillierUpdateAsync(credential, encrypted, c),
                    ct)
                .ConfigureAwait(false);
        }
        catch (OrleansFedApiException ex) when (ex.Status is HttpStatusCode.Conflict or HttpStatusCode.Forbidden)
        {
            // The round closed (deadline, or superseded while the silo restarted) or this node was not selected:
            // a normal race in a federation, not an error. The next task brings a fresh model. (The silo read the
            // update before refusing it; a DP-SGD run was counted before the upload.)
            ParticipantLog.SubmissionRefused(_logger, task.Round, ex.Title);
            _progress?.Report(new ParticipantProgress(ParticipantProgressKind.SubmissionRefused, task.Round, task.ModelVersion));
            return;
        }

        _lastAcknowledged = (task.Round, task.Attempt);
        _roundsSubmitted++;
        ParticipantLog.Submitted(_logger, receipt.Round, _data.Count, result.MeanLoss, receipt.Duplicate);
        _progress?.Report(new ParticipantProgress(ParticipantProgressKind.Submitted, task.Round, task.ModelVersion, result.MeanLoss));
    }

    private Task<TrainingResult> TrainAsync(Model model, TrainingOptions training, CancellationToken ct) =>
        InTrainingSlotAsync(() => LocalTrainer.Train(model, _data, training, ct), ct);

    private async Task<T> InTrainingSlotAsync<T>(Func<T> train, CancellationToken ct)
    {
        if (_options.TrainingSlots is not { } slots)
        {
            return await Task.Run(train, ct).ConfigureAwait(false);
        }

        await slots.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await Task.Run(train, ct).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    private Model ModelFor(string name, int parameterCount)
    {
        if (!_models.TryGetValue(name, out var model))
        {
            var spec = ModelSpec.Parse(name);
            if (spec.InputSize != _data.FeatureCount || spec.Classes != _data.ClassCount)
            {
                throw new InvalidOperationException(
                    $"The campaign's model '{name}' expects {spec.InputSize} features and {spec.Classes} classes; "
                    + $"the local data has {_data.FeatureCount} features and {_data.ClassCount} classes.");
            }

            model = Model.Create(spec, seed: 0);
            _models.Add(name, model);
        }

        if (model.ParameterCount != parameterCount)
        {
            throw new InvalidOperationException(
                $"The global model has {parameterCount} parameters but a local '{name}' model has {model.ParameterCount}.");
        }

        return model;
    }

    private int LocalSeed(TrainingTask task)
        => unchecked((task.Seed * 1_000_003) + (_options.Seed * 7_919) + (task.Round * 131) + task.Attempt);

    /// <summary>Runs one exchange with the silo, waiting out outages until the give-up bound.</summary>
    private async Task<T> WithReconnectAsync<T>(string step, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                var result = await call(ct).ConfigureAwait(false);
                var now = _options.TimeProvider.GetUtcNow();
                if (_unreachableSince is { } since)
                {
                    ParticipantLog.Reconnected(_logger, now - since);
                    _unreachableSince = null;
                }

                _lastContact = now;
                return result;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && TransientFailures.IsTransient(ex))
            {
                var now = _options.TimeProvider.GetUtcNow();
                var elapsed = now - _lastContact;
                if (elapsed >= _options.GiveUpAfter)
                {
                    throw new SiloUnreachableException(
                        $"The silo at {_client.BaseAddress} has been unreachable or failing for {elapsed:g} "
                        + $"(give-up time {_options.GiveUpAfter:g}); last error during {step}: {ex.Message}",
                        ex);
                }

                if (_unreachableSince is null)
                {
                    _unreachableSince = now;
                    _reconnects++;
                }

                var delay = Backoff(failures++);
                var remaining = _options.GiveUpAfter - elapsed;
                if (delay > remaining)
                {
                    delay = remaining;
                }

                ParticipantLog.Reconnecting(_logger, step, Describe(ex), delay, now - _unreachableSince.Value);
                _progress?.Report(new ParticipantProgress(ParticipantProgressKind.Reconnecting));
                await Task.Delay(delay, _options.TimeProvider, ct).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var exponential = _options.ReconnectBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 16));
        var capped = Math.Min(exponential, _options.ReconnectMaxDelay.TotalMilliseconds);
        // Jitter in [50 %, 100 %] spreads reconnecting participants so a restarted silo is not hit all at once.
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        var jittered = capped * (0.5 + (0.5 * Random.Shared.NextDouble()));
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(jittered);
    }

    private static string Describe(Exception ex)
        => ex is OrleansFedApiException api ? $"HTTP {(int)api.Status} {api.Title}" : ex.GetType().Name;
}
