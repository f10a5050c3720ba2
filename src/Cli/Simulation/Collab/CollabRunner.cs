using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansFed.Cli.Hosting;
using OrleansFed.Client.Collab;
using OrleansFed.Grains.Collab;
using OrleansFed.Interfaces.Collab;
using OrleansFed.Learning;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Runtime;

namespace OrleansFed.Cli.Simulation.Collab;

/// <summary>
/// Runs FedCollabNN (Chaulwar, Algorithm 2) in one process: K workers with their own models and shards, an in-process
/// silo (SQLite) whose step grain synchronises the steps. Per step every present worker computes its minibatch loss
/// and joins; the members split their fixed-point losses into additive shares (one per other member, exchanged
/// worker-to-worker in memory, never through the silo; one for the silo); each member submits its silo share and the
/// sum of the shares it holds; the grain reconstructs only the sum and publishes the average; each member
/// backpropagates the average (seed 1/m on its own graph) and steps its optimiser. Workers call the grain directly
/// through the grain factory (no HTTP). After each epoch every worker's model and the plurality ensemble are tested.
/// </summary>
internal sealed class CollabRunner
{
    /// <summary>The campaign id the simulation runs under.</summary>
    public const string CampaignId = "fedcollab-simulation";

    private readonly CollabSettings _settings;
    private readonly Action<string> _progress;
    private readonly LogLevel _siloLogLevel;

    public CollabRunner(CollabSettings settings, Action<string> progress, LogLevel siloLogLevel)
    {
        _settings = settings;
        _progress = progress;
        _siloLogLevel = siloLogLevel;
    }

    public static string WorkerId(int worker) => string.Create(CultureInfo.InvariantCulture, $"p{worker + 1}");

    public async Task<CollabReport> RunAsync(CancellationToken ct)
    {
        var s = _settings;
        var wall = Stopwatch.StartNew();
        var (train, test) = TrainingData.Load(s.Dataset == TrainingData.Synthetic ? TrainingData.Synthetic : s.DataDirectory, s.Seed, s.SyntheticTrainCount);
        var shards = TrainingData.Split(train, s.Partition, s.Workers, s.Seed);
        var workers = new CollabWorker[s.Workers];
        for (int k = 0; k < s.Workers; k++)
        {
            var spec = ModelSpec.Parse(s.Models[k % s.Models.Count]);
            if (shards[k].Length == 0)
            {
                throw new UsageException($"--partition '{s.Partition}' leaves worker {WorkerId(k)} without training data; FedCollabNN needs every worker to hold some.");
            }

            workers[k] = new CollabWorker(WorkerId(k), spec, (s.Seed * 7919) + k + 1, train.Subset(shards[k]), s.BatchSize, s.LearningRate);
        }

        int stepsPerEpoch = workers.Max(w => w.StepsPerEpoch);
        _progress(string.Create(CultureInfo.InvariantCulture,
            $"fedcollab: {s.Workers} workers ({string.Join(',', s.Models)}), shards {workers.Min(w => w.ShardSize)}-{workers.Max(w => w.ShardSize)} examples, "
            + $"{stepsPerEpoch} steps per epoch, {s.Epochs} epochs, {s.Threads} threads"));

        var temporary = Directory.CreateTempSubdirectory("orleansfed-collab-");
        var run = new RunState(s.Epochs, s.Workers);
        try
        {
            await using var silo = await InProcessSilo.StartAsync(temporary.FullName, _siloLogLevel, ct).ConfigureAwait(false);
            var grain = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICollabStepGrain>(CollabKeys.Steps(CampaignId));
            var collabSpec = new CollabSpec([.. workers.Select(w => w.Id)], s.StepDeadline, s.MinMembers, CollabSpec.DefaultLossClip);
            await grain.OpenAsync(collabSpec).ConfigureAwait(false);
            var codec = LossShares.Codec(collabSpec);
            var randoms = workers.Select(_ => new CryptoRandomSource()).ToArray();
#pragma warning disable CA5394 // which worker straggles is simulation scenery, not a secret
            var straggling = new Random(s.Seed ^ 0x57A6);
#pragma warning restore CA5394
            long step = 0;
            for (int epoch = 0; epoch < s.Epochs; epoch++)
            {
                double lossSum = 0;
                int completed = 0;
                for (int i = 0; i < stepsPerEpoch; i++, step++)
                {
                    ct.ThrowIfCancellationRequested();
                    var outcome = await RunStepAsync(grain, workers, randoms, codec, step, straggling, run, ct).ConfigureAwait(false);
                    if (outcome.AverageLoss is { } average)
                    {
                        lossSum += average;
                        completed++;
                    }
                }

                run.Loss[epoch] = completed == 0 ? double.NaN : lossSum / completed;
                Evaluate(workers, test, epoch, run, ct);
                _progress(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {epoch + 1}: average loss {run.Loss[epoch]:F4}, workers {run.Mean[epoch]:P2} mean / {run.Best[epoch]:P2} best, ensemble {run.Ensemble[epoch]:P2}"));
            }

            run.Steps = step;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                temporary.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }

        return new CollabReport
        {
            Dataset = s.Dataset,
            Clients = s.Workers,
            Epochs = s.Epochs,
            Partition = s.Partition,
            WorkerModels = [.. workers.Select(w => w.Model.Spec.Name)],
            WorkerShardSizes = [.. workers.Select(w => w.ShardSize)],
            BatchSize = s.BatchSize,
            LearningRate = s.LearningRate,
            Seed = s.Seed,
            StepsPerEpoch = stepsPerEpoch,
            Steps = run.Steps,
            WorkerTestAccuracy = [.. run.WorkerAccuracy.Select(a => (IReadOnlyList<double>)a)],
            EnsembleTestAccuracy = run.Ensemble,
            BestWorkerTestAccuracy = run.Best,
            MeanWorkerTestAccuracy = run.Mean,
            AverageTrainingLoss = run.Loss,
            StepDeadlineSeconds = s.StepDeadline.TotalSeconds,
            StragglerRate = s.StragglerRate,
            DroppedWorkerSteps = run.Dropped,
            SkippedSteps = run.Skipped,
            Transport = "in-process grain calls (IGrainFactory) to the silo's step grain; shares between workers in memory",
            WallSeconds = wall.Elapsed.TotalSeconds,
        };
    }

    private async Task<CollabStepOutcome> RunStepAsync(ICollabStepGrain grain, CollabWorker[] workers, CryptoRandomSource[] randoms,
        Privacy.Encoding.FixedPointCodec codec, long step, Random straggling, RunState run, CancellationToken ct)
    {
        var s = _settings;
        float[] losses = new float[workers.Length];
        Parallel.For(0, workers.Length, Options(ct), k => losses[k] = workers[k].ForwardLoss());

        // Stragglers compute their loss but join only after the join deadline fixed the membership.
#pragma warning disable CA5394
        bool[] late = [.. workers.Select(_ => s.StragglerRate > 0 && straggling.NextDouble() < s.StragglerRate)];
#pragma warning restore CA5394
        if (late.All(l => l))
        {
            late[0] = false; // someone must open the join deadline
        }

        CollabStepView? view = null;
        for (int k = 0; k < workers.Length; k++)
        {
            if (!late[k])
            {
                view = await grain.JoinAsync(workers[k].Id, step).ConfigureAwait(false);
            }
        }

        view ??= await grain.GetStepAsync().ConfigureAwait(false);
        var poll = TimeSpan.FromTicks(Math.Clamp(s.StepDeadline.Ticks / 20, TimeSpan.FromMilliseconds(2).Ticks, TimeSpan.FromMilliseconds(50).Ticks));
        while (view.Step == step && view.Phase == CollabPhase.Joining)
        {
            await Task.Delay(poll, ct).ConfigureAwait(false);
            view = await grain.GetStepAsync().ConfigureAwait(false);
        }

        for (int k = 0; k < workers.Length; k++)
        {
            if (late[k])
            {
                try
                {
                    await grain.JoinAsync(workers[k].Id, step).ConfigureAwait(false);
                    throw new InvalidOperationException($"The step grain accepted {workers[k].Id}'s join after the deadline of step {step}.");
                }
                catch (CollabStepConflictException)
                {
                    // Expected: the straggler was dropped from this step.
                }
            }
        }

        // A share deadline that passes mid-attempt drops the members not yet submitted; the rest re-share with fresh shares.
        while (view.Step == step && view.Phase == CollabPhase.Sharing)
        {
            try
            {
                view = await ShareAsync(grain, workers, randoms, codec, losses, view).ConfigureAwait(false);
            }
            catch (CollabStepConflictException)
            {
                view = await grain.GetStepAsync().ConfigureAwait(false);
            }
        }

        var outcome = view.LastOutcome is { } o && o.Step == step
            ? o
            : throw new InvalidOperationException($"Step {step} did not complete (the grain is at step {view.Step}, {view.Phase}).");
        run.Dropped += outcome.Dropped.Length;
        if (outcome.Skipped)
        {
            run.Skipped++;
        }

        var members = outcome.Members.ToHashSet(StringComparer.Ordinal);
        int m = outcome.Members.Length;
        Parallel.For(0, workers.Length, Options(ct), k =>
        {
            if (members.Contains(workers[k].Id))
            {
                workers[k].BackpropagateAverage(m);
            }
            else
            {
                workers[k].Abandon();
            }
        });
        return outcome;
    }

    // One sharing attempt: members split their losses among themselves and the silo; each submits its silo share and partial sum.
    private static async Task<CollabStepView> ShareAsync(ICollabStepGrain grain, CollabWorker[] workers, CryptoRandomSource[] randoms,
        Privacy.Encoding.FixedPointCodec codec, float[] losses, CollabStepView view)
    {
        var members = view.Members;
        int m = members.Length;
        var index = workers.Select((w, k) => (w.Id, k)).ToDictionary(p => p.Id, p => p.k, StringComparer.Ordinal);
        var held = new ulong[m][];
        var silo = new ulong[m];
        for (int j = 0; j < m; j++)
        {
            held[j] = new ulong[m];
        }

        for (int i = 0; i < m; i++)
        {
            int k = index[members[i]];
            ulong[] shares = LossShares.Split(LossShares.Encode(codec, losses[k], randoms[k]), m, randoms[k]);
            for (int j = 0; j < m; j++)
            {
                held[j][i] = shares[j];
            }

            silo[i] = shares[m];
        }

        for (int j = 0; j < m; j++)
        {
            view = await grain.SubmitSharesAsync(
                new CollabShareSubmission(members[j], view.Step, view.Attempt, silo[j], LossShares.PartialSum(held[j]))).ConfigureAwait(false);
        }

        return view;
    }

    private void Evaluate(CollabWorker[] workers, Dataset test, int epoch, RunState run, CancellationToken ct)
    {
        var predictions = new int[workers.Length][];
        Parallel.For(0, workers.Length, Options(ct), k => predictions[k] = workers[k].Predict(test));
        var labels = test.Labels.ToArray();
        for (int k = 0; k < workers.Length; k++)
        {
            run.WorkerAccuracy[k][epoch] = EnsembleVote.Accuracy(predictions[k], labels);
        }

        run.Ensemble[epoch] = EnsembleVote.Accuracy(EnsembleVote.Vote(predictions, test.ClassCount), labels);
        run.Best[epoch] = run.WorkerAccuracy.Max(a => a[epoch]);
        run.Mean[epoch] = run.WorkerAccuracy.Average(a => a[epoch]);
    }

    private ParallelOptions Options(CancellationToken ct) => new() { MaxDegreeOfParallelism = _settings.Threads, CancellationToken = ct };

    private sealed class RunState(int epochs, int workers)
    {
        public double[][] WorkerAccuracy { get; } = [.. Enumerable.Range(0, workers).Select(_ => new double[epochs])];

        public double[] Ensemble { get; } = new double[epochs];

        public double[] Best { get; } = new double[epochs];

        public double[] Mean { get; } = new double[epochs];

        public double[] Loss { get; } = new double[epochs];

        public long Steps { get; set; }

        public long Dropped { get; set; }

        public long Skipped { get; set; }
    }
}
