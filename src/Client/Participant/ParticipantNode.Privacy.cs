using Microsoft.Extensions.Logging;
using OrleansFed.Interfaces.Api;
using OrleansFed.Learning;
using OrleansFed.Learning.DpSgd;
using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Client.Participant;

/// <summary>
/// <c>dp-sgd</c> tasks: the node trains with <see cref="DpSgdTrainer"/> (Poisson sampling, per-example clipping,
/// Gaussian noise from the OS CSPRNG) and keeps its own RDP account of every run whose update it set out to send —
/// counted and stored before the upload, so a run is counted whether the silo accepts the update, reads and refuses
/// it (round closed, not selected, bad input), or never answers — and knows its ε independently of the silo's ledger.
/// </summary>
public sealed partial class ParticipantNode
{
    private readonly List<PrivacyEvent> _privacyEvents = [];
    private SubsampledGaussianEvent? _pendingPrivacyEvent;
    private double _privacyDelta = 1e-5;

    /// <summary>
    /// The node's own ε after the <c>dp-sgd</c> runs whose updates it sent or set out to send, at the campaign's δ (RDP
    /// accountant over those runs: q = L/N, σ, steps); 0 before any.
    /// </summary>
    public double PrivacySpent =>
        _privacyEvents.Count == 0 ? 0 : new RdpAccountant().GetGuarantee(new PrivacyLedger(_privacyEvents), _privacyDelta).Epsilon;

    private async Task<TrainingResult> TrainDpSgdAsync(Model model, TrainingTask task, DpSgdTaskSettings settings, CancellationToken ct)
    {
        var options = new DpSgdOptions(
            task.LocalEpochs,
            Math.Min(task.BatchSize, _data.Count),
            task.LearningRate,
            (float)settings.ClipNorm,
            settings.NoiseMultiplier,
            LocalSeed(task));
        if (_options.DpSgdEpsilonBudget is { } budget)
        {
            // The node's own limit, whatever the silo asks: project the run before training it.
            var plan = DpSgdTrainer.Plan(options, _data.Count);
            var planned = new SubsampledGaussianEvent(plan.SamplingRate, plan.NoiseMultiplier, plan.Steps);
            var projected = new RdpAccountant().GetGuarantee(new PrivacyLedger([.. _privacyEvents, planned]), settings.Delta).Epsilon;
            if (projected > budget)
            {
                ParticipantPrivacyLog.BudgetReached(_logger, task.Round, PrivacySpent, projected, budget);
                throw new DpSgdBudgetReachedException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"budget: another DP-SGD run (round {task.Round}) would take the node from ε = {PrivacySpent:0.####} to {projected:0.####}, past its budget {budget} (δ = {settings.Delta})"));
            }
        }

        var result = await InTrainingSlotAsync(() => DpSgdTrainer.Train(model, _data, options, ct), ct).ConfigureAwait(false);
        var accounting = result.Accounting;
        _pendingPrivacyEvent = new SubsampledGaussianEvent(accounting.SamplingRate, accounting.NoiseMultiplier, accounting.Steps);
        _privacyDelta = settings.Delta;
        ParticipantPrivacyLog.DpSgdTrained(_logger, task.Round, accounting.Steps, accounting.SamplingRate, accounting.NoiseMultiplier, result.ClippedFraction);
        return new TrainingResult((int)Math.Min(result.Samples, int.MaxValue), (int)Math.Min(accounting.Steps, int.MaxValue), result.MeanLoss);
    }

    /// <summary>A restarted node takes up the account it kept in its state directory.</summary>
    private void LoadPrivacyAccount()
    {
        if (_store?.LoadPrivacyAccount() is { } account)
        {
            _privacyEvents.Clear();
            _privacyEvents.AddRange(account.Runs);
            _privacyDelta = account.Delta;
        }
    }

    /// <summary>Called just before the update is uploaded: the pending DP-SGD run counts from now on, durably.</summary>
    private void CommitPrivacySpent(int round)
    {
        if (_pendingPrivacyEvent is not { } pending)
        {
            return;
        }

        _privacyEvents.Add(pending);
        _pendingPrivacyEvent = null;
        _store?.SavePrivacyAccount(_privacyEvents.OfType<SubsampledGaussianEvent>(), _privacyDelta);
        ParticipantPrivacyLog.PrivacySpent(_logger, round, PrivacySpent, _privacyDelta);
    }
}

/// <summary>The node's own DP-SGD budget would be exceeded by the next run: the participant loop ends.</summary>
internal sealed class DpSgdBudgetReachedException(string reason) : Exception(reason);

/// <summary>Log messages of the node's DP-SGD training.</summary>
internal static partial class ParticipantPrivacyLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information,
        Message = "Round {Round}: DP-SGD trained {Steps} steps (q = {SamplingRate:G4}, sigma = {Sigma}); {ClippedFraction:P1} of example gradients clipped")]
    public static partial void DpSgdTrained(ILogger logger, int round, long steps, double samplingRate, double sigma, double clippedFraction);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning,
        Message = "Round {Round}: not training — another DP-SGD run would raise this node's epsilon from {Spent:F4} to {Projected:F4}, past its budget {Budget}")]
    public static partial void BudgetReached(ILogger logger, int round, double spent, double projected, double budget);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information,
        Message = "Round {Round}: privacy spent so far epsilon = {Epsilon:F4} at delta = {Delta:G3}")]
    public static partial void PrivacySpent(ILogger logger, int round, double epsilon, double delta);
}
