using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansFed.Cli.Hosting;
using OrleansFed.Client;
using OrleansFed.Client.Adversaries;
using OrleansFed.Client.Participant;
using OrleansFed.Client.SecAgg;
using OrleansFed.Interfaces.Api;
using OrleansFed.Grains.Aggregation;
using OrleansFed.Learning;

namespace OrleansFed.Cli.Simulation;

/// <summary>
/// Runs a whole federation in one process: an in-process silo on a free loopback port with SQLite in a temporary
/// directory, and one <see cref="ParticipantNode"/> per party talking HTTP to it. Evaluates every round's global model
/// on the test set and, when asked, a centralized baseline on the union of the parties' data.
/// </summary>
internal sealed class SimulationRunner
{
    private const string CampaignId = "simulation";

    private readonly SimulationSettings _settings;
    private readonly ISimulationObserver _observer;
    private readonly ILoggerFactory _loggers;
    private readonly LogLevel _siloLogLevel;
    private SimulationPrivacy? _privacy;

    public SimulationRunner(SimulationSettings settings, ISimulationObserver observer, ILoggerFactory loggers, LogLevel siloLogLevel)
    {
        _settings = settings;
        _observer = observer;
        _loggers = loggers;
        _siloLogLevel = siloLogLevel;
    }

    public async Task<SimulationReport> RunAsync(CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var s = _settings;
        var spec = ParseModel(s.Model);
        var (train, test) = TrainingData.Load(
            s.Dataset == TrainingData.Synthetic ? TrainingData.Synthetic : s.DataDirectory, s.Seed, s.SyntheticTrainCount);
        var parts = TrainingData.Split(train, s.Partition, s.Clients, s.Seed);
        _observer.Started(s, parts.Select(p => p.Length).ToArray(), test.Count);

        var byzantine = s.ByzantineFraction > 0 ? ByzantineSelection.Choose(s.Clients, s.ByzantineFraction, s.Seed) : [];
        var dataDirectory = Directory.CreateTempSubdirectory("orleansfed-sim-");
        List<RoundReport> rounds;
        string aggregator;
        try
        {
            (rounds, aggregator, _privacy) = await RunFederationAsync(spec, train, test, parts, byzantine, dataDirectory.FullName, ct).ConfigureAwait(false);
        }
        finally
        {
            TryDelete(dataDirectory);
        }

        var wallSeconds = wall.Elapsed.TotalSeconds;
        double? centralized = null;
        double? centralizedSeconds = null;
        if (s.Centralized)
        {
            var union = train.Subset(parts.SelectMany(p => p).ToArray());
            _observer.CentralizedStarted(union.Count, s.Rounds * s.LocalEpochs);
            var watch = Stopwatch.StartNew();
            var model = Model.Create(spec, s.Seed);
            await Task.Run(
                () => LocalTrainer.Train(model, union, new TrainingOptions(s.Rounds * s.LocalEpochs, s.BatchSize, s.LearningRate, s.Seed), ct),
                ct).ConfigureAwait(false);
            centralized = LocalTrainer.Evaluate(model, test).Accuracy;
            centralizedSeconds = watch.Elapsed.TotalSeconds;
        }

        return new SimulationReport
        {
            Protocol = s.Protocol,
            Privacy = s.Privacy,
            PaillierCiphertextsPerUpdate = PaillierSimulation.CiphertextsPerUpdate(s.Privacy, spec),
            Aggregator = aggregator,
            Model = s.Model,
            Dataset = s.Dataset,
            Clients = s.Clients,
            Seed = s.Seed,
            Partition = s.Partition,
            LocalEpochs = s.LocalEpochs,
            BatchSize = s.BatchSize,
            LearningRate = s.LearningRate,
            SampleFraction = s.SampleFraction,
            ByzantineFraction = s.ByzantineFraction > 0 ? s.ByzantineFraction : null,
            Attack = s.ByzantineFraction > 0 ? UpdateAttack.Parse(s.Attack!, 0).Name : null,
            ByzantineClients = s.ByzantineFraction > 0 ? byzantine : null,
            Rounds = rounds,
            FinalTestAccuracy = rounds[^1].TestAccuracy,
            FinalTestLoss = rounds[^1].TestLoss,
            CentralizedTestAccuracy = centralized,
            CentralizedSeconds = centralizedSeconds,
            WallSeconds = wallSeconds,
            Epsilon = _privacy?.Epsilon,
            Delta = _privacy?.Delta,
            ParticipantEpsilon = _privacy?.ParticipantEpsilon,
            ParticipantEpsilonLocalMax = _privacy?.LocalMax,
        };
    }

    private async Task<(List<RoundReport> Rounds, string Aggregator, SimulationPrivacy? Privacy)> RunFederationAsync(
        ModelSpec spec, Dataset train, Dataset test, int[][] parts, int[] byzantine, string dataDirectory, CancellationToken ct)
    {
        var s = _settings;
        var perRound = MinParticipants(s);
        await using var silo = await InProcessSilo.StartAsync(dataDirectory, _siloLogLevel, ct).ConfigureAwait(false);
        using var client = OrleansFedClient.Create(silo.Address, logger: _loggers.CreateLogger<OrleansFedClient>());
        await client.CreateCampaignAsync(
            new CampaignConfig
            {
                Id = CampaignId,
                Protocol = s.Protocol,
                Model = s.Model,
                Rounds = s.Rounds,
                MinParticipants = perRound,
                MinEnrolled = s.Clients,
                Aggregator = s.Aggregator,
                SampleFraction = s.SampleFraction,
                LocalEpochs = s.LocalEpochs,
                BatchSize = s.BatchSize,
                LearningRate = s.LearningRate,
                RoundTimeoutSeconds = s.RoundTimeoutSeconds,
                Seed = s.Seed,
                Privacy = s.Privacy == PrivacyModes.None ? null : s.Privacy,
            },
            ct).ConfigureAwait(false);

        var reports = new ConcurrentDictionary<int, RoundReport>();
        var firstTaskAt = (DateTimeOffset?)null;
        var firstTaskGate = new Lock();
        var evaluator = new GlobalModelEvaluator(
            spec,
            test,
            async (version, evaluation, token) =>
            {
                var history = await client.GetRoundsAsync(CampaignId, token).ConfigureAwait(false);
                // Version v is the result of round v (version 0 is the seed model).
                var record = history.FirstOrDefault(r => r.ModelVersion == version)
                             ?? history.FirstOrDefault(r => r.Round == version)
                             ?? throw new InvalidOperationException($"The silo's round history has no round producing model version {version}.");
                var previous = history.Where(r => r.Round < record.Round).Select(r => (DateTimeOffset?)r.ClosedAt).Max();
                DateTimeOffset start;
                lock (firstTaskGate)
                {
                    start = previous ?? firstTaskAt ?? record.ClosedAt;
                }

                var report = new RoundReport
                {
                    Round = record.Round,
                    Participants = record.Participants,
                    TestAccuracy = evaluation.Accuracy,
                    TestLoss = evaluation.Loss,
                    TrainLoss = record.TrainLoss,
                    Epsilon = record.Epsilon,
                    Seconds = Math.Max(0, (record.ClosedAt - start).TotalSeconds),
                };
                reports[record.Round] = report;
                _observer.RoundCompleted(report, s.Rounds);
            },
            ct);

        var progress = new CallbackProgress(p =>
        {
            if (p.Kind == ParticipantProgressKind.ModelDownloaded && p.Model is { } model)
            {
                evaluator.Offer(model);
            }
            else if (p.Kind == ParticipantProgressKind.TaskReceived)
            {
                lock (firstTaskGate)
                {
                    firstTaskAt ??= DateTimeOffset.UtcNow;
                }
            }
        });

        // Training is CPU-bound: one slot per core keeps the in-process silo responsive.
        using var slots = new SemaphoreSlim(Environment.ProcessorCount);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var nodeLogger = _loggers.CreateLogger("OrleansFed.Simulation.Participant");
        var runs = new Task<ParticipantRunSummary>[parts.Length];
        var nodes = new ParticipantNode[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var enrolled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var nodeProgress = new CallbackProgress(p =>
            {
                if (p.Kind == ParticipantProgressKind.Enrolled)
                {
                    enrolled.TrySetResult();
                }

                progress.Report(p);
            });
            var node = nodes[i] = new ParticipantNode(
                client,
                train.Subset(parts[i]),
                new ParticipantNodeOptions
                {
                    CampaignId = CampaignId,
                    Name = $"party-{i}",
                    Seed = s.Seed + i,
                    TrainingSlots = slots,
                    GiveUpAfter = TimeSpan.FromMinutes(2),
                    AllowInsecurePaillierKeys = PaillierSimulation.TestKeys(s.Privacy),
                    UpdateTransform = Array.BinarySearch(byzantine, i) >= 0
                        ? UpdateAttack.Parse(s.Attack!, ByzantineSelection.AttackSeed(s.Seed, i))
                        : null,
                    SecAggDropout = s.Dropout > 0 ? new FractionDropout(s.Dropout, s.Seed) : null,
                },
                nodeLogger,
                nodeProgress);
            runs[i] = RunNodeAsync(node, stop);

            // The silo numbers participants in the order they enrol. Enrolling one node at a time makes that order the
            // nodes' order in every run, and with it everything keyed by participant id (the aggregation order, hence
            // the model's last bits, and any sampling of participants), so that a seeded simulation repeats bitwise.
            await Task.WhenAny(enrolled.Task, runs[i]).ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(runs).ConfigureAwait(false);
        }
        catch (Exception) when (runs.FirstOrDefault(r => r.IsFaulted && r.Exception!.InnerException is not OperationCanceledException) is { } failed)
        {
            // Report the participant failure that stopped the others, not the cancellations it caused.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed.Exception!.InnerException!).Throw();
        }

        var status = await client.GetCampaignAsync(CampaignId, ct).ConfigureAwait(false);
        if (status.State != CampaignState.Completed)
        {
            throw new InvalidOperationException(
                $"The campaign ended {status.State} after {status.CompletedRounds} of {s.Rounds} rounds: {status.Message ?? "no reason given"}.");
        }

        var finalModel = await client.DownloadModelAsync(CampaignId, ct).ConfigureAwait(false);
        evaluator.Offer(finalModel);
        if (s.ModelOut is { } modelOut)
        {
            await PaillierSimulation.WriteModelAsync(modelOut, finalModel.Weights, ct).ConfigureAwait(false);
        }
        await evaluator.CompleteAsync().ConfigureAwait(false);

        var missing = Enumerable.Range(1, s.Rounds).Where(r => !reports.ContainsKey(r)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException($"No global model was observed for round(s) {string.Join(", ", missing)}.");
        }

        var privacy = status.Epsilon is { } epsilon
            ? new SimulationPrivacy(epsilon, status.Delta, status.ParticipantEpsilon,
                PrivacyModes.NameOf(s.Privacy) == PrivacyModes.DpSgd ? nodes.Max(n => n.PrivacySpent) : null)
            : null;
        return ([.. reports.Values.OrderBy(r => r.Round)], status.Config.Aggregator ?? AggregatorSpec.FedAvg, privacy);
    }

    /// <summary>
    /// Updates a round needs: every participant, or with a sample fraction the sample size ⌈fraction · clients⌉ (the
    /// silo's rule), so a round closes as soon as its sample has submitted; never below the rule's minimum.
    /// </summary>
    internal static int MinParticipants(SimulationSettings s)
    {
        var minimum = AggregatorSpec.Parse(s.Aggregator).MinimumUpdates;
        var sampled = s.SampleFraction is { } f ? (int)Math.Ceiling((f * s.Clients) - 1e-9) : s.Clients;
        var needed = Math.Max(Math.Max(sampled, minimum), 1);
        if (needed > s.Clients)
        {
            throw new UsageException(
                $"--aggregator {AggregatorSpec.Parse(s.Aggregator)} needs at least {minimum} updates per round; --clients is {s.Clients}.");
        }

        return needed;
    }

    private static async Task<ParticipantRunSummary> RunNodeAsync(ParticipantNode node, CancellationTokenSource stop)
    {
        try
        {
            return await node.RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static ModelSpec ParseModel(string name)
    {
        try
        {
            return ModelSpec.Parse(name);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--model: {TrainingData.PlainMessage(ex)}", ex);
        }
    }

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private sealed record SimulationPrivacy(double Epsilon, double? Delta, IReadOnlyDictionary<string, double>? ParticipantEpsilon, double? LocalMax);

    private sealed class CallbackProgress(Action<ParticipantProgress> report) : IProgress<ParticipantProgress>
    {
        public void Report(ParticipantProgress value) => report(value);
    }
}
