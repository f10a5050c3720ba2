using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using OrleansFed.Client.SecProbe;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.SecProbe;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Learning.SecProbe;

namespace OrleansFed.Client.Participant;

/// <summary>
/// SecProbe campaigns (<c>/v1/secprobe/{id}</c>): the node reads the current round, and while it still collects, claims
/// one of its M places, downloads the silo's weights, trains the output layer on its functional-mechanism objective (Laplace noise from the
/// OS CSPRNG) and uploads the sanitized weights; the silo accepts the first M and tells the rest to stop. An upload is
/// counted against the node's own ε whether or not it is accepted (the silo received it), and it is kept in the state
/// directory before it is sent, so a restarted node re-sends the same weights instead of releasing a second noisy upload
/// for the same round.
/// </summary>
public sealed partial class ParticipantNode
{
    /// <summary>Runs the node as a SecProbe participant until the campaign completes or its own ε budget is reached.</summary>
    /// <param name="ct">Stops the loop (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>What the node did.</returns>
    /// <exception cref="SiloUnreachableException">The silo stayed unreachable for longer than the give-up time.</exception>
    /// <exception cref="OrleansFedApiException">The silo rejected a request in a way a retry cannot fix (e.g. no SecProbe campaign of that id).</exception>
    /// <exception cref="InvalidOperationException">The campaign's network does not fit the local data.</exception>
    public async Task<SecProbeRunSummary> RunSecProbeAsync(CancellationToken ct = default)
    {
        _lastContact = _options.TimeProvider.GetUtcNow();
        // Its own state file (prefix "secprobe-"): a SecProbe campaign's identities are not an ordinary campaign's.
        var store = _options.StateDirectory is { } dir ? new ParticipantStateStore(dir, "secprobe-" + _options.CampaignId, _options.Name) : null;
        var credential = await EnrollSecProbeAsync(store, ct).ConfigureAwait(false);
        // A restarted node starts from its own account (what it sent, kept in the state directory before each upload)
        // joined with the silo's ledger (what the silo charged it): the silo may have missed an upload (it crashed
        // before charging it), and the account may be younger than the enrollment.
        var ledger = await WithReconnectAsync("read privacy ledger", c => _client.GetSecProbePrivacyAsync(credential, c), ct)
            .ConfigureAwait(false);
        var released = store?.LoadSecProbeReleases() ?? [];
        double spent = SecProbeSpentAtStart(released, ledger);
        var pending = store?.LoadSecProbeUpload();
        int accepted = 0, stopped = 0, skipped = 0, lastRound = 0;
        while (true)
        {
            // Long poll: the silo answers as soon as the campaign is past the round this node last handled.
            var view = await WithReconnectAsync(
                    "read round", c => _client.GetSecProbeRoundAsync(credential, lastRound > 0 ? lastRound : null, _options.PollWait, c), ct)
                .ConfigureAwait(false);
            if (view.Ended)
            {
                SecProbeLog.Completed(_logger, view.CampaignId, view.Phase, accepted, stopped, skipped, spent);
                return new SecProbeRunSummary(credential.ParticipantId, accepted, stopped, skipped, spent, view.Phase);
            }

            if (view.Round <= lastRound)
            {
                if (_options.PollWait == TimeSpan.Zero)
                {
                    await Task.Delay(_options.SecProbePollInterval, _options.TimeProvider, ct).ConfigureAwait(false);
                }

                continue;
            }

            float[] weights;
            bool alreadyCharged = false;
            if (pending is { } stored && stored.Round == view.Round)
            {
                // Kept before a restart: the same release again, not a new one. It counts once: already, if the silo's
                // ledger was charged for the round (the upload arrived), or now.
                weights = stored.Weights;
                alreadyCharged = released.ContainsKey(view.Round) || ledger.Rounds.Contains(view.Round);
            }
            else
            {
                if (_options.SecProbeEpsilonBudget is { } budget && spent + view.ParticipantEpsilon > budget * (1 + 1e-12))
                {
                    var reason = string.Create(CultureInfo.InvariantCulture,
                        $"budget: another upload (ε₂ = {view.ParticipantEpsilon}) would take the node from ε = {spent} past its budget {budget}");
                    SecProbeLog.BudgetReached(_logger, view.Round, spent, view.ParticipantEpsilon, budget);
                    return new SecProbeRunSummary(credential.ParticipantId, accepted, stopped, skipped, spent, reason);
                }

                var prepared = await PrepareUploadAsync(credential, view, store, ct).ConfigureAwait(false);
                switch (prepared.Outcome)
                {
                    case PreparationOutcome.SiloBudget:
                        return SiloBudgetReached(credential, view.Round, prepared.Refusal!, accepted, stopped, skipped, spent);
                    case PreparationOutcome.NextRound:
                        lastRound = view.Round;
                        continue;
                    case PreparationOutcome.Skipped:
                        skipped++;
                        lastRound = view.Round;
                        continue;
                    case PreparationOutcome.Retry:
                        continue;
                }

                weights = prepared.Weights!;
            }

            pending = null;
            if (!alreadyCharged)
            {
                spent += view.ParticipantEpsilon;
                CountRelease(released, store, view.Round, view.ParticipantEpsilon);
            }

            SecProbeUploadReceipt receipt;
            try
            {
                receipt = await WithReconnectAsync("upload", c => _client.UploadSecProbeAsync(credential, view.Round, weights, c), ct)
                    .ConfigureAwait(false);
            }
            catch (OrleansFedApiException ex) when (ex.Type == SecProbeBudgetExhaustedException.Type)
            {
                // Refused before the silo read the body: nothing was released, nothing is counted.
                if (!alreadyCharged)
                {
                    spent -= view.ParticipantEpsilon;
                    CountRelease(released, store, view.Round, -view.ParticipantEpsilon);
                }

                return SiloBudgetReached(credential, view.Round, ex, accepted, stopped, skipped, spent);
            }
            catch (OrleansFedApiException ex) when (ex.Status == HttpStatusCode.Conflict)
            {
                SecProbeLog.UploadRefused(_logger, view.Round, ex.Title);
                lastRound = view.Round;
                continue;
            }

            lastRound = view.Round;
            if (receipt.Accepted)
            {
                accepted++;
                _roundsSubmitted++;
            }
            else
            {
                stopped++;
            }

            SecProbeLog.Uploaded(_logger, view.Round, receipt.Accepted, receipt.Position, spent);
        }
    }

    /// <summary>ε at start: the node's own releases, plus the silo's charges for rounds the node's account does not hold
    /// (ε₂ is one setting of the campaign, so each charged round is an equal share of the ledger's total).</summary>
    private static double SecProbeSpentAtStart(IReadOnlyDictionary<int, double> released, SecProbePrivacySpent ledger)
    {
        int onlyInLedger = ledger.Rounds.Count(r => !released.ContainsKey(r));
        return released.Values.Sum() + (ledger.Rounds.Length == 0 ? 0 : ledger.Epsilon * onlyInLedger / ledger.Rounds.Length);
    }

    /// <summary>Adds <paramref name="epsilon"/> (negative: takes it back) to the round's releases and stores the account
    /// before the upload goes out.</summary>
    private static void CountRelease(Dictionary<int, double> released, ParticipantStateStore? store, int round, double epsilon)
    {
        var total = released.GetValueOrDefault(round) + epsilon;
        if (total > 1e-12)
        {
            released[round] = total;
        }
        else
        {
            released.Remove(round);
        }

        store?.SaveSecProbeReleases(released);
    }

    private enum PreparationOutcome
    {
        Upload,
        NextRound,
        Retry,
        Skipped,
        SiloBudget,
    }

    /// <summary>What <see cref="PrepareUploadAsync"/> came to: weights to send, or why not.</summary>
    private readonly record struct Preparation(PreparationOutcome Outcome, float[]? Weights = null, OrleansFedApiException? Refusal = null);

    /// <summary>
    /// Claims a place in <paramref name="view"/>'s round, downloads the silo's weights, trains, looks at the round once
    /// more and keeps the upload in the state directory before it is sent.
    /// </summary>
    private async Task<Preparation> PrepareUploadAsync(ParticipantCredential credential, SecProbeRoundView view, ParticipantStateStore? store, CancellationToken ct)
    {
        // Claim a place before training, so a node that would arrive too late neither trains nor spends ε₂.
        SecProbeClaim claim;
        try
        {
            claim = await WithReconnectAsync("claim", c => _client.ClaimSecProbePlaceAsync(credential, view.Round, c), ct)
                .ConfigureAwait(false);
        }
        catch (OrleansFedApiException ex) when (ex.Type == SecProbeBudgetExhaustedException.Type)
        {
            return new Preparation(PreparationOutcome.SiloBudget, Refusal: ex);
        }

        if (claim.Stop)
        {
            return new Preparation(PreparationOutcome.NextRound);
        }

        if (!claim.Granted)
        {
            // Every free place is claimed, but a claim may lapse: wait for the round to end (a long poll) or for
            // the earliest claim's expiry, whichever comes first, then look again.
            var retry = TimeSpan.FromSeconds(Math.Clamp(claim.RetryAfterSeconds, _options.SecProbePollInterval.TotalSeconds, ApiConventions.MaxWaitSeconds));
            await WithReconnectAsync("wait for a place", c => _client.GetSecProbeRoundAsync(credential, view.Round, retry, c), ct)
                .ConfigureAwait(false);
            return new Preparation(PreparationOutcome.Retry);
        }

        float[] weights;
        try
        {
            var global = await WithReconnectAsync("download model", c => _client.DownloadSecProbeModelAsync(credential, c), ct)
                .ConfigureAwait(false);
            if (global.ModelVersion != view.Round - 1L)
            {
                return new Preparation(PreparationOutcome.Retry); // The campaign moved on between the two reads.
            }

            weights = await InTrainingSlotAsync(() => TrainSecProbe(view, global.Weights), ct).ConfigureAwait(false);

            // Training takes time: if the round filled meanwhile, an upload would only be told to stop — and would
            // still cost ε₂ — so look once more and keep the release to itself.
            var latest = await WithReconnectAsync("read round", c => _client.GetSecProbeRoundAsync(credential, c), ct).ConfigureAwait(false);
            if (latest.Round != view.Round || latest.Ended)
            {
                SecProbeLog.Skipped(_logger, view.Round);
                return new Preparation(PreparationOutcome.Skipped);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Leaving mid-round: give the place back so the round need not wait for the claim to lapse.
            await TryReleaseAsync(credential, view.Round).ConfigureAwait(false);
            throw;
        }

        store?.SaveSecProbeUpload(view.Round, weights);
        return new Preparation(PreparationOutcome.Upload, weights);
    }

    /// <summary>
    /// The stored enrollment, or a new one. Participants may start before the operator configures the campaign: while it
    /// is not found they wait, up to the give-up time.
    /// </summary>
    private async Task<ParticipantCredential> EnrollSecProbeAsync(ParticipantStateStore? store, CancellationToken ct)
    {
        if (store?.Load(_options.CampaignId) is { } stored)
        {
            _credential = stored;
            ParticipantLog.Resumed(_logger, stored.CampaignId, stored.ParticipantId);
            return stored;
        }

        var since = _options.TimeProvider.GetUtcNow();
        var request = new EnrollRequest { Name = _options.Name, SampleCount = _data.Count };
        while (true)
        {
            try
            {
                _credential = await WithReconnectAsync("enroll", c => _client.EnrollSecProbeAsync(_options.CampaignId, request, c), ct)
                    .ConfigureAwait(false);
                break;
            }
            catch (OrleansFedApiException ex) when (ex.Status == HttpStatusCode.NotFound
                && _options.TimeProvider.GetUtcNow() - since < _options.GiveUpAfter)
            {
                await Task.Delay(_options.SecProbePollInterval, _options.TimeProvider, ct).ConfigureAwait(false);
            }
        }

        store?.Save(_credential);
        ParticipantLog.Enrolled(_logger, _credential.CampaignId, _credential.ParticipantId, _data.Count);
        return _credential;
    }

    private SecProbeRunSummary SiloBudgetReached(
        ParticipantCredential credential, int round, OrleansFedApiException refusal, int accepted, int stopped, int skipped, double spent)
    {
        SecProbeLog.SiloBudgetReached(_logger, round, spent);
        return new SecProbeRunSummary(credential.ParticipantId, accepted, stopped, skipped, spent,
            $"budget: the silo takes no further upload from this participant ({refusal.Detail ?? refusal.Title})");
    }

    private async Task TryReleaseAsync(ParticipantCredential credential, int round)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _client.ReleaseSecProbePlaceAsync(credential, round, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OrleansFedApiException or HttpRequestException or TimeoutException or OperationCanceledException)
        {
            // Best effort: the claim lapses on its own.
            SecProbeLog.ReleaseFailed(_logger, round, ex.GetType().Name);
        }
    }

    private float[] TrainSecProbe(SecProbeRoundView view, ReadOnlyMemory<float> global)
    {
        if (_data.FeatureCount != view.Inputs || _data.ClassCount != view.Outputs)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The SecProbe campaign's network expects {view.Inputs} features and {view.Outputs} classes; the local data has {_data.FeatureCount} features and {_data.ClassCount} classes."));
        }

        SecProbeNetwork network;
        try
        {
            network = new SecProbeNetwork(view.Inputs, view.Hidden, view.Outputs, view.FeatureScale);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            // The participant does not take the silo's word for settings its privacy depends on.
            throw new InvalidOperationException($"The silo's SecProbe network settings are not usable: {ex.Message}", ex);
        }

        if (global.Length != network.ParameterCount)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The silo's weights hold {global.Length} values; the campaign's network has {network.ParameterCount} parameters."));
        }

        var release = view.CoefficientRelease switch
        {
            SecProbeCampaignSpec.PerClassRelease => FunctionalMechanismRelease.PerClass,
            SecProbeCampaignSpec.ClassSumsRelease => FunctionalMechanismRelease.ClassSums,
            _ => throw new InvalidOperationException($"Unknown coefficient release '{view.CoefficientRelease}'."),
        };
        FunctionalMechanismTrainer trainer;
        try
        {
            trainer = new FunctionalMechanismTrainer(network, new FunctionalMechanismOptions
            {
                Epsilon = view.ParticipantEpsilon,
                Iterations = view.Iterations,
                LearningRate = view.LearningRate,
                Release = release,
            });
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new InvalidOperationException($"The silo's SecProbe training settings are not usable: {ex.Message}", ex);
        }

        // No random source given: the Laplace noise comes from a fresh CryptoRandomSource (the OS CSPRNG).
        return trainer.TrainClassifier(global.Span, _data);
    }
}

/// <summary>Log messages of the SecProbe participant loop. Never a weight, never a token.</summary>
internal static partial class SecProbeLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Information,
        Message = "SecProbe round {Round}: upload {Outcome}; own epsilon count {Epsilon:F4}")]
    private static partial void UploadedCore(ILogger logger, int round, string outcome, double epsilon);

    public static void Uploaded(ILogger logger, int round, bool accepted, int position, double epsilon) =>
        UploadedCore(logger, round, accepted ? string.Create(CultureInfo.InvariantCulture, $"accepted at position {position}") : "arrived after the round was full (stop)", epsilon);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information,
        Message = "SecProbe round {Round}: upload refused ({Title}); waiting for the next round")]
    public static partial void UploadRefused(ILogger logger, int round, string title);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information,
        Message = "SecProbe campaign {CampaignId} {Phase}: {Accepted} upload(s) accepted, {Stopped} stopped, {Skipped} not sent; own epsilon count {Epsilon:F4}")]
    public static partial void Completed(ILogger logger, string campaignId, string phase, int accepted, int stopped, int skipped, double epsilon);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Warning,
        Message = "SecProbe round {Round}: the silo's per-participant budget is reached (own epsilon count {Epsilon:F4}); leaving the campaign")]
    public static partial void SiloBudgetReached(ILogger logger, int round, double epsilon);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Information,
        Message = "SecProbe round {Round}: could not give the claimed place back ({Reason}); it lapses on its own")]
    public static partial void ReleaseFailed(ILogger logger, int round, string reason);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Information,
        Message = "SecProbe round {Round}: the round filled while this node trained; the upload is not sent (no ε spent)")]
    public static partial void Skipped(ILogger logger, int round);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning,
        Message = "SecProbe round {Round}: not uploading: epsilon {Spent:F4} + {Next} would exceed this node's budget {Budget}")]
    public static partial void BudgetReached(ILogger logger, int round, double spent, double next, double budget);
}
