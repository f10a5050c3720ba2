using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansFed.Cli.Hosting;
using OrleansFed.Grains.Pate;
using OrleansFed.Interfaces.Pate;
using OrleansFed.Learning;
using OrleansFed.Runtime;

namespace OrleansFed.Cli.Simulation.Pate;

/// <summary>
/// Runs PATE in one process: teachers trained on disjoint private shards, an in-process silo (SQLite) whose PATE
/// coordinator issues query batches over its unlabeled public slice, votes combined under secure aggregation (or, in
/// Zhao's local variant, perturbed by each teacher and sent one by one) into the durable vote-tally grains, answers by
/// the configured mechanism with per-teacher and per-campaign ledgers stopping at the budget, the labeled public set
/// written in <see cref="LabeledSetFile"/>'s format, and a student trained on it.
/// </summary>
internal sealed class PateRunner
{
    /// <summary>The campaign id the simulation's coordinator runs under.</summary>
    public const string CampaignId = "pate-simulation";

    private const int Classes = 10;

    private readonly PateSettings _settings;
    private readonly Action<string> _progress;
    private readonly LogLevel _siloLogLevel;

    public PateRunner(PateSettings settings, Action<string> progress, LogLevel siloLogLevel)
    {
        _settings = settings;
        _progress = progress;
        _siloLogLevel = siloLogLevel;
    }

    public static string TeacherId(int teacher) => string.Create(CultureInfo.InvariantCulture, $"p{teacher + 1}");

    public async Task<PateReport> RunAsync(CancellationToken ct)
    {
        var s = _settings;
        var wall = Stopwatch.StartNew();
        var (train, test) = TrainingData.Load(s.Dataset == TrainingData.Synthetic ? TrainingData.Synthetic : s.DataDirectory, s.Seed, s.SyntheticTrainCount);
        int shardSize = Math.Min(s.ShardSize, train.Count / s.Teachers);
        int publicSize = Math.Min(s.PublicSize, test.Count / 2);
        if (s.Queries > publicSize)
        {
            throw new UsageException($"--queries {s.Queries} exceeds the public slice of {publicSize} test examples (--public-size).");
        }

        var data = PateData.Create(train, test, s.Teachers, shardSize, publicSize, s.Seed);
        _progress(string.Create(CultureInfo.InvariantCulture,
            $"training {s.Teachers} {s.TeacherModel} teachers on {shardSize} examples each ({s.TeacherEpochs} epochs, {s.Threads} threads)"));
        var watch = Stopwatch.StartNew();
        var teacherOptions = new TrainingOptions(s.TeacherEpochs, s.BatchSize, s.TeacherLearningRate, s.Seed) { Momentum = 0.9f };
        var teacherSpec = ModelSpec.Parse(s.TeacherModel);
        string? cache = s.TeacherCache is null
            ? null
            : Path.Combine(s.TeacherCache, string.Create(CultureInfo.InvariantCulture,
                $"{s.Dataset}-{s.TeacherModel}-t{s.Teachers}-n{shardSize}-e{s.TeacherEpochs}-lr{s.TeacherLearningRate:G6}-b{s.BatchSize}-s{s.Seed}"));
        var ensemble = cache is null ? null : TeacherEnsemble.TryLoad(cache, teacherSpec, s.Teachers);
        bool cached = ensemble is not null;
        if (ensemble is null)
        {
            ensemble = await Task.Run(() => TeacherEnsemble.Train(teacherSpec, data.Shards, teacherOptions, s.Threads, ct), ct).ConfigureAwait(false);
            if (cache is not null)
            {
                ensemble.Save(cache);
            }
        }
        double teacherSeconds = watch.Elapsed.TotalSeconds;
        var teacherAccuracy = await Task.Run(() => ensemble.Evaluate(data.Evaluation, s.Threads), ct).ConfigureAwait(false);
        _progress(string.Create(CultureInfo.InvariantCulture,
            $"teachers {(cached ? "loaded from " + cache + " in" : "trained in")} {teacherSeconds:F1} s; mean test accuracy {teacherAccuracy.Average():P2} (min {teacherAccuracy.Min():P2}, max {teacherAccuracy.Max():P2})"));

        var teacherIds = Enumerable.Range(0, s.Teachers).Select(TeacherId).ToImmutableArray();
        var temporary = s.StateDirectory is null ? Directory.CreateTempSubdirectory("orleansfed-pate-") : null;
        var stateDirectory = s.StateDirectory ?? temporary!.FullName;
        watch.Restart();
        QueryPhase phase;
        try
        {
            await using var silo = await InProcessSilo.StartAsync(stateDirectory, _siloLogLevel, ct).ConfigureAwait(false);
            var grains = silo.Services.GetRequiredService<IGrainFactory>();
            phase = await RunQueriesAsync(grains, data, ensemble, teacherIds, ct).ConfigureAwait(false);
        }
        finally
        {
            if (temporary is not null)
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
        }

        double querySeconds = watch.Elapsed.TotalSeconds;
        var labels = phase.Labels;
        int correct = labels.Count(l => data.Public.Label(l.QueryId) == l.Label);
        string? labelsFile = s.LabelsPath;
        if (labelsFile is not null)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(labelsFile));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            await using var stream = File.Create(labelsFile);
            LabeledSetFile.Write(stream, labels);
        }

        _progress(string.Create(CultureInfo.InvariantCulture,
            $"{labels.Length} labels released ({correct} correct); ε = {phase.Campaign.Epsilon:F3} at δ = {phase.Campaign.Delta:G3}; training the {s.StudentModel} student"));
        watch.Restart();
        double studentAccuracy = labels.Length == 0 ? 0 : await Task.Run(() => TrainStudent(data, labels, ct), ct).ConfigureAwait(false);
        double studentSeconds = watch.Elapsed.TotalSeconds;

        return new PateReport
        {
            Aggregator = PateAggregatorNames.Describe(s.Aggregator),
            Accounting = s.Accounting == PateAccounting.DataDependent ? "data-dependent" : "data-independent",
            Dataset = s.Dataset,
            Teachers = s.Teachers,
            ShardSize = shardSize,
            TeacherModel = s.TeacherModel,
            StudentModel = s.StudentModel,
            Seed = s.Seed,
            StudentAugment = s.StudentAugment,
            StudentEpochs = s.StudentEpochs,
            SecureAggregation = phase.Secure,
            PublicSize = data.Public.Count,
            EvaluationSize = data.Evaluation.Count,
            QueriesOffered = s.Queries,
            QueriesAnswered = phase.Status.QueriesAnswered,
            QueriesBelowThreshold = phase.BelowThreshold,
            QueriesRefused = s.Queries - phase.Status.QueriesAnswered - phase.Status.QueriesUnanswered,
            Phase = phase.Status.Phase.ToString(),
            TeacherTestAccuracy = teacherAccuracy.Average(),
            TeacherTestAccuracyMin = teacherAccuracy.Min(),
            TeacherTestAccuracyMax = teacherAccuracy.Max(),
            LabelAccuracy = labels.Length == 0 ? 0 : (double)correct / labels.Length,
            PluralityAccuracy = phase.PluralityAccuracy,
            StudentTestAccuracy = studentAccuracy,
            Epsilon = phase.Campaign.Epsilon,
            Delta = phase.Campaign.Delta,
            EpsilonBudget = s.EpsilonBudget,
            TeacherEpsilonMax = phase.TeacherEpsilonMax,
            LedgerEvents = phase.Campaign.Events,
            VotesRecorded = phase.VotesRecorded,
            VotesExpected = phase.VotesExpected,
            VoteCountTotal = phase.CountTotal,
            LabelsFile = labelsFile,
            TeacherTrainingSeconds = teacherSeconds,
            TeachersCached = cached,
            QuerySeconds = querySeconds,
            StudentTrainingSeconds = studentSeconds,
            WallSeconds = wall.Elapsed.TotalSeconds,
        };
    }

    private async Task<QueryPhase> RunQueriesAsync(
        IGrainFactory grains, PateData data, TeacherEnsemble ensemble, ImmutableArray<string> teacherIds, CancellationToken ct)
    {
        var s = _settings;
        var coordinator = grains.GetGrain<IPateCoordinatorGrain>(PateKeys.Coordinator(CampaignId));
        await coordinator.ConfigureAsync(new PateCampaignSpec
        {
            ClassCount = Classes,
            QueryIds = [.. Enumerable.Range(0, s.Queries)],
            BatchSize = s.QueryBatch,
            Teachers = teacherIds,
            Aggregator = s.Aggregator,
            Accounting = s.Accounting,
            Epsilon = s.EpsilonBudget,
            Delta = s.Delta,
        }).ConfigureAwait(false);
        var initial = await coordinator.GetStatusAsync().ConfigureAwait(false);
        if (initial.NextBatch > 0)
        {
            _progress(string.Create(CultureInfo.InvariantCulture,
                $"resuming the campaign stored in the state directory: {initial.NextBatch} batches issued, batch {initial.OpenBatch?.ToString(CultureInfo.InvariantCulture) ?? "none"} open, {initial.QueriesAnswered} answered"));
        }

        bool secure = s.SecureAggregation && s.Aggregator.Kind != PateAggregatorKind.LocalGeometric;
        int belowThreshold = 0;
        int pluralityCorrect = 0;
        int offered = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            PateBatch? batch;
            try
            {
                batch = await coordinator.OpenNextBatchAsync().ConfigureAwait(false);
            }
            catch (PateBudgetExhaustedException)
            {
                break;
            }

            if (batch is null)
            {
                break;
            }

            var queryIds = batch.QueryIds;
            var votes = await Task.Run(
                () => Enumerable.Range(0, teacherIds.Length).AsParallel().AsOrdered().WithDegreeOfParallelism(s.Threads)
                    .Select(t => ensemble.Predict(t, data.Public, queryIds)).ToArray(),
                ct).ConfigureAwait(false);
            (int plurality, int count) = Plurality(votes, queryIds, data.Public);
            pluralityCorrect += plurality;
            offered += count;
            var tally = grains.GetGrain<IVoteTallyGrain>(PateKeys.VoteTally(CampaignId, batch.Batch));
            await SubmitVotesAsync(tally, batch, votes, teacherIds, secure, ct).ConfigureAwait(false);
            var result = await coordinator.AnswerBatchAsync(batch.Batch).ConfigureAwait(false);
            belowThreshold += result.BelowThreshold;
            _progress(string.Create(CultureInfo.InvariantCulture,
                $"batch {result.Batch}: {queryIds.Length} queries, {result.Answered} answered, {result.BelowThreshold} below threshold, {result.Refused} refused; ε = {result.Status.Epsilon:F3}"));
            if (result.Status.Phase == PatePhase.BudgetExhausted)
            {
                break;
            }
        }

        var status = await coordinator.GetStatusAsync().ConfigureAwait(false);
        var labels = await coordinator.GetLabelsAsync().ConfigureAwait(false);
        var campaign = await coordinator.GetCampaignPrivacyAsync().ConfigureAwait(false);
        long votesRecorded = 0;
        long votesExpected = 0;
        long countTotal = 0;
        for (int b = 0; b < status.NextBatch; b++)
        {
            var snapshot = await grains.GetGrain<IVoteTallyGrain>(PateKeys.VoteTally(CampaignId, b)).GetSnapshotAsync().ConfigureAwait(false);
            votesRecorded += snapshot.Queries.Sum(q => (long)q.VoterCount);
            votesExpected += (long)snapshot.Queries.Length * teacherIds.Length;
            countTotal += snapshot.Queries.Sum(q => q.Counts.Sum());
        }

        double teacherMax = 0;
        foreach (var teacher in teacherIds)
        {
            teacherMax = Math.Max(teacherMax, (await coordinator.GetTeacherPrivacyAsync(teacher).ConfigureAwait(false)).Epsilon);
        }

        return new QueryPhase(status, labels, campaign, teacherMax, belowThreshold, offered == 0 ? 0 : (double)pluralityCorrect / offered, secure,
            votesRecorded, votesExpected, countTotal);
    }

    private async Task SubmitVotesAsync(
        IVoteTallyGrain tally, PateBatch batch, int[][] votes, ImmutableArray<string> teacherIds, bool secure, CancellationToken ct)
    {
        var s = _settings;
        // Resumable: teachers already counted on this batch (before a crash) do not vote again. Every contribution
        // covers the whole batch and is applied atomically, so the voters are the same on every query.
        var snapshot = await tally.GetSnapshotAsync().ConfigureAwait(false);
        if (snapshot.Closed)
        {
            return;
        }

        var counted = snapshot.Queries.Length == 0 ? [] : snapshot.Queries[0].Voters.ToHashSet(StringComparer.Ordinal);
        var pending = Enumerable.Range(0, teacherIds.Length).Where(t => !counted.Contains(teacherIds[t])).ToArray();
        if (pending.Length == 0)
        {
            return;
        }

        if (counted.Count > 0)
        {
            _progress(string.Create(CultureInfo.InvariantCulture,
                $"batch {batch.Batch}: {counted.Count} teachers already counted before the restart; {pending.Length} still to vote"));
        }

        if (batch.Encoding == VoteEncoding.LocallyPerturbed)
        {
            // Zhao's local variant: every teacher perturbs its own one-hot vote and sends it; the silo only sums them.
            foreach (int t in pending)
            {
                var queries = ImmutableArray.CreateBuilder<QueryVotes>(batch.QueryIds.Length);
                for (int i = 0; i < batch.QueryIds.Length; i++)
                {
                    queries.Add(new QueryVotes(batch.QueryIds[i], LocalGeometricTeacher.Perturb(votes[t][i], batch.ClassCount, s.Aggregator.LocalEpsilon)));
                }

                await tally.SubmitAsync(new VoteContribution([teacherIds[t]], queries.MoveToImmutable())).ConfigureAwait(false);
            }

            return;
        }

        if (secure && pending.Length >= 3)
        {
            var session = string.Create(CultureInfo.InvariantCulture, $"{PateKeys.VoteTally(CampaignId, batch.Batch)}/secagg");
            var contribution = await Task.Run(
                () => SecureVoteAggregation.Aggregate(
                    session, [.. pending.Select(t => teacherIds[t])], [.. pending.Select(t => votes[t])], batch.QueryIds, batch.ClassCount,
                    s.SecAggDegree < pending.Length ? s.SecAggDegree : 0),
                ct).ConfigureAwait(false);
            await tally.SubmitAsync(contribution).ConfigureAwait(false);
            return;
        }

        foreach (int t in pending)
        {
            await tally.SubmitAsync(VoteContribution.OneHot(teacherIds[t], batch.ClassCount, batch.QueryIds.AsSpan(), votes[t])).ConfigureAwait(false);
        }
    }

    private static (int Correct, int Count) Plurality(int[][] votes, ImmutableArray<int> queryIds, Dataset publicSet)
    {
        int correct = 0;
        var counts = new int[Classes];
        for (int i = 0; i < queryIds.Length; i++)
        {
            Array.Clear(counts);
            foreach (var teacher in votes)
            {
                counts[teacher[i]]++;
            }

            int best = 0;
            for (int c = 1; c < Classes; c++)
            {
                if (counts[c] > counts[best])
                {
                    best = c;
                }
            }

            correct += best == publicSet.Label(queryIds[i]) ? 1 : 0;
        }

        return (correct, queryIds.Length);
    }

    private double TrainStudent(PateData data, ImmutableArray<LabeledQuery> labels, CancellationToken ct)
    {
        var s = _settings;
        int features = data.Public.FeatureCount;
        var rows = new float[labels.Length * features];
        var targets = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            data.Public.Features(labels[i].QueryId).CopyTo(rows.AsSpan(i * features, features));
            targets[i] = labels[i].Label;
        }

        int side = (int)Math.Round(Math.Sqrt(features));
        if (s.StudentAugment > 0 && side * side == features)
        {
            (rows, targets) = StudentAugmentation.Augment(rows, targets, side, s.StudentAugment);
        }

        var student = new Dataset(rows, targets, features, data.Public.ClassCount);
        var model = Model.Create(ModelSpec.Parse(s.StudentModel), s.Seed + 7);
        LocalTrainer.Train(model, student, new TrainingOptions(s.StudentEpochs, s.BatchSize, s.StudentLearningRate, s.Seed + 7)
        {
            Momentum = 0.9f,
            Threads = s.Threads,
        }, ct);
        return LocalTrainer.Evaluate(model, data.Evaluation, s.Threads).Accuracy;
    }

    private sealed record QueryPhase(
        PateStatus Status, ImmutableArray<LabeledQuery> Labels, PrivacySpent Campaign, double TeacherEpsilonMax, int BelowThreshold,
        double PluralityAccuracy, bool Secure, long VotesRecorded, long VotesExpected, long CountTotal);
}
