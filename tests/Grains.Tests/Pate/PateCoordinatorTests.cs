using System.Collections.Immutable;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Pate;
using OrleansFed.Privacy.Accounting;
using OrleansFed.Runtime.Testing;
using Xunit;

namespace OrleansFed.Grains.Tests.Pate;

public sealed class PateCoordinatorTests : IDisposable
{
    private static readonly ImmutableArray<string> Teachers = ["p1", "p2", "p3", "p4", "p5"];
    private readonly SqliteTestDirectory _directory = new("orleansfed-pate-");

    public void Dispose() => _directory.Dispose();

    private static PateCampaignSpec Spec(PateAggregatorSpec aggregator, int queries = 10, int batchSize = 4, double epsilon = 1e6,
        PateAccounting accounting = PateAccounting.DataDependent) => new()
        {
            ClassCount = 3,
            QueryIds = [.. Enumerable.Range(100, queries)],
            BatchSize = batchSize,
            Teachers = Teachers,
            Aggregator = aggregator,
            Accounting = accounting,
            Epsilon = epsilon,
            Delta = 1e-5,
        };

    private static int TrueLabel(int queryId) => queryId % 3;

    private static IPateCoordinatorGrain Coordinator(GrainTestHost host) => host.Grains.GetGrain<IPateCoordinatorGrain>(PateKeys.Coordinator("c1"));

    private static IVoteTallyGrain Tally(GrainTestHost host, int batch) => host.Grains.GetGrain<IVoteTallyGrain>(PateKeys.VoteTally("c1", batch));

    private static async Task VoteAsync(GrainTestHost host, PateBatch batch, IEnumerable<string> teachers)
    {
        var labels = batch.QueryIds.Select(TrueLabel).ToArray();
        foreach (var teacher in teachers)
        {
            await Tally(host, batch.Batch).SubmitAsync(VoteContribution.OneHot(teacher, 3, batch.QueryIds.AsSpan(), labels));
        }
    }

    [Fact]
    public async Task Batches_are_answered_in_order_with_the_plurality_labels_and_ledgers_per_teacher()
    {
        await using var host = await PateTestHost.StartAsync();
        var coordinator = Coordinator(host);
        // Lap(1/100) noise against a margin of 3 or more votes: a wrong label has probability below e^-290.
        await coordinator.ConfigureAsync(Spec(PateAggregatorSpec.LnMax(100)));
        var batches = new List<PateBatch>();
        while (await coordinator.OpenNextBatchAsync() is { } batch)
        {
            batches.Add(batch);
            Assert.Equal(batch.QueryIds.ToArray(), (await coordinator.OpenNextBatchAsync())!.QueryIds.ToArray()); // still open: the same batch
            // p5 votes on the first batch only.
            await VoteAsync(host, batch, batch.Batch == 0 ? Teachers : Teachers.Take(4));
            var result = await coordinator.AnswerBatchAsync(batch.Batch);
            Assert.Equal(batch.QueryIds.Length, result.Answered);
            Assert.Equal(result, await coordinator.AnswerBatchAsync(batch.Batch) with { Status = result.Status });
            await Assert.ThrowsAsync<VoteTallyClosedException>(() => VoteAsync(host, batch, ["p5"]));
        }

        Assert.Equal([4, 4, 2], batches.Select(b => b.QueryIds.Length));
        var labels = await coordinator.GetLabelsAsync();
        Assert.Equal(Enumerable.Range(100, 10).Select(q => new LabeledQuery(q, TrueLabel(q))), labels);
        var status = await coordinator.GetStatusAsync();
        Assert.Equal(PatePhase.Completed, status.Phase);
        Assert.Equal((10, 0, 0), (status.QueriesAnswered, status.QueriesUnanswered, status.QueriesRefused));

        var campaign = await coordinator.GetCampaignPrivacyAsync();
        Assert.Equal(10, campaign.Events);
        Assert.Equal(status.Epsilon, campaign.Epsilon);
        var p5 = await coordinator.GetTeacherPrivacyAsync("p5");
        Assert.Equal(4, p5.Events);
        Assert.Equal(10, (await coordinator.GetTeacherPrivacyAsync("p1")).Events);
        Assert.True(p5.Epsilon <= campaign.Epsilon);
        Assert.All(PrivacyLedger.FromJson(p5.LedgerJson).Events, e => Assert.Equal(100, Assert.IsType<LaplaceNoisyMaxEvent>(e).NoiseInverseScale));
        await Assert.ThrowsAsync<InvalidRequestException>(() => coordinator.GetTeacherPrivacyAsync("p9"));
    }

    [Fact]
    public async Task Confident_GnMax_leaves_split_votes_unanswered_and_charges_only_the_threshold()
    {
        await using var host = await PateTestHost.StartAsync();
        var coordinator = Coordinator(host);
        // 5 teachers; T = 4.5 with σ₁ = 0.1: a unanimous max (5) is below T with probability Φ(-5) ≈ 3e-7,
        // a 2-2-1 split (max 2) crosses it with probability Φ(-25) ≈ 3e-138. σ₂ = 0.1 against a margin of 5.
        await coordinator.ConfigureAsync(Spec(PateAggregatorSpec.ConfidentGnMax(4.5, 0.1, 0.1), queries: 2, batchSize: 2));
        var batch = (await coordinator.OpenNextBatchAsync())!;
        var tally = Tally(host, 0);
        await tally.SubmitAsync(new VoteContribution(Teachers, [new QueryVotes(100, [0, 5, 0]), new QueryVotes(101, [2, 2, 1])]));
        var result = await coordinator.AnswerBatchAsync(batch.Batch);
        Assert.Equal((1, 1, 0, 0), (result.Answered, result.BelowThreshold, result.NoVotes, result.Refused));
        Assert.Equal([new LabeledQuery(100, 1)], (await coordinator.GetLabelsAsync()).ToArray());
        var events = PrivacyLedger.FromJson((await coordinator.GetCampaignPrivacyAsync()).LedgerJson).Events;
        Assert.Collection(events,
            e => Assert.IsType<ConfidentThresholdEvent>(e),
            e => Assert.IsType<GnMaxEvent>(e),
            e => Assert.IsType<ConfidentThresholdEvent>(e));
    }

    [Fact]
    public async Task Answers_stop_exactly_at_the_budget_and_further_queries_are_refused()
    {
        const double gamma = 0.5;
        const double budget = 3.0;
        // How many data-independent LNMax answers fit the budget, by the accountant itself.
        var accountant = new RdpAccountant();
        var ledger = PrivacyLedger.Empty;
        int fit = 0;
        while (accountant.GetGuarantee(ledger.Append(new LaplaceNoisyMaxEvent(gamma)), 1e-5).Epsilon <= budget)
        {
            ledger = ledger.Append(new LaplaceNoisyMaxEvent(gamma));
            fit++;
        }

        Assert.InRange(fit, 1, 39);
        await using var host = await PateTestHost.StartAsync();
        var coordinator = Coordinator(host);
        await coordinator.ConfigureAsync(Spec(PateAggregatorSpec.LnMax(gamma), queries: 40, batchSize: 3, epsilon: budget,
            accounting: PateAccounting.DataIndependent));
        int issued = 0;
        PateBudgetExhaustedException? refusal = null;
        while (refusal is null)
        {
            try
            {
                var batch = (await coordinator.OpenNextBatchAsync())!;
                issued += batch.QueryIds.Length;
                await VoteAsync(host, batch, Teachers);
                await coordinator.AnswerBatchAsync(batch.Batch);
            }
            catch (PateBudgetExhaustedException e)
            {
                refusal = e;
            }
        }

        Assert.Equal(fit, issued);
        Assert.Equal(PateProblemTypes.BudgetExhausted, refusal.ProblemType);
        var status = await coordinator.GetStatusAsync();
        Assert.Equal(PatePhase.BudgetExhausted, status.Phase);
        Assert.Equal((fit, 40 - fit), (status.QueriesAnswered, status.QueriesRefused));
        Assert.Equal(accountant.GetGuarantee(ledger, 1e-5).Epsilon, status.Epsilon, 12);
        Assert.True(status.Epsilon <= budget);
        Assert.Equal(fit, (await coordinator.GetLabelsAsync()).Length);
        await Assert.ThrowsAsync<PateBudgetExhaustedException>(() => coordinator.OpenNextBatchAsync());
    }

    [Fact]
    public async Task A_data_dependent_charge_that_would_exceed_the_budget_refuses_the_rest_of_the_batch()
    {
        await using var host = await PateTestHost.StartAsync();
        var coordinator = Coordinator(host);
        // One split query (q near its cap: about the data-independent cost) fits a budget that a second one does not.
        double one = new RdpAccountant().GetGuarantee(PrivacyLedger.Empty.Append(
            new LaplaceNoisyMaxEvent(0.5, LnMaxAnalysis.Q([2, 2, 1], 0.5))), 1e-5).Epsilon;
        await coordinator.ConfigureAsync(Spec(PateAggregatorSpec.LnMax(0.5), queries: 3, batchSize: 3, epsilon: one * 1.01));
        var batch = (await coordinator.OpenNextBatchAsync())!;
        Assert.Equal(3, batch.QueryIds.Length);
        var split = Enumerable.Range(100, 3).Select(q => new QueryVotes(q, [2, 2, 1])).ToImmutableArray();
        await Tally(host, 0).SubmitAsync(new VoteContribution(Teachers, split));
        var result = await coordinator.AnswerBatchAsync(0);
        Assert.Equal((1, 2), (result.Answered, result.Refused));
        Assert.Equal(PatePhase.BudgetExhausted, result.Status.Phase);
        Assert.Equal(1, (await coordinator.GetCampaignPrivacyAsync()).Events);
        await Assert.ThrowsAsync<PateBudgetExhaustedException>(() => coordinator.OpenNextBatchAsync());
    }

    [Fact]
    public async Task A_pate_run_survives_a_silo_restart_mid_batch_without_losing_or_double_counting_votes()
    {
        var time = new ManualTimeProvider();
        var spec = Spec(PateAggregatorSpec.LnMax(100), queries: 4, batchSize: 4);
        await using (var host = await PateTestHost.StartAsync(time, _directory))
        {
            await Coordinator(host).ConfigureAsync(spec);
            var batch = (await Coordinator(host).OpenNextBatchAsync())!;
            await VoteAsync(host, batch, ["p1", "p2", "p3"]);
        }

        ImmutableArray<LabeledQuery> labels;
        await using (var host = await PateTestHost.StartAsync(time, _directory))
        {
            var coordinator = Coordinator(host);
            Assert.Equal(spec.QueryIds.ToArray(), (await coordinator.OpenNextBatchAsync())!.QueryIds.ToArray()); // the same open batch
            var batch = (await coordinator.OpenNextBatchAsync())!;
            await VoteAsync(host, batch, ["p3", "p4"]);                                    // p3 replays: counted once
            var tally = await Tally(host, 0).GetSnapshotAsync();
            Assert.All(tally.Queries, q => Assert.Equal(4, q.Counts.Sum()));
            Assert.All(tally.Queries, q => Assert.Equal(4, q.VoterCount));
            await coordinator.AnswerBatchAsync(0);
            labels = await coordinator.GetLabelsAsync();
            Assert.Equal(4, labels.Length);
        }

        await using (var host = await PateTestHost.StartAsync(time, _directory))
        {
            var coordinator = Coordinator(host);
            var status = await coordinator.GetStatusAsync();
            Assert.Equal(PatePhase.Completed, status.Phase);
            Assert.Equal(labels.ToArray(), (await coordinator.GetLabelsAsync()).ToArray());
            Assert.Equal(4, (await coordinator.AnswerBatchAsync(0)).Answered); // recorded result, no new noise
            Assert.Equal(4, (await coordinator.GetCampaignPrivacyAsync()).Events);
            Assert.Equal(0, (await coordinator.GetTeacherPrivacyAsync("p5")).Events);
            Assert.Null(await coordinator.OpenNextBatchAsync());
        }
    }

    [Fact]
    public async Task Configuration_is_validated_and_cannot_be_changed()
    {
        await using var host = await PateTestHost.StartAsync();
        var coordinator = Coordinator(host);
        await Assert.ThrowsAsync<InvalidRequestException>(() => coordinator.OpenNextBatchAsync());
        await Assert.ThrowsAsync<InvalidRequestException>(() => coordinator.ConfigureAsync(Spec(PateAggregatorSpec.LnMax(0))));
        await Assert.ThrowsAsync<InvalidRequestException>(() => coordinator.ConfigureAsync(Spec(PateAggregatorSpec.LnMax(1), epsilon: 0)));
        await Assert.ThrowsAsync<InvalidRequestException>(() => coordinator.ConfigureAsync(Spec(PateAggregatorSpec.LnMax(1)) with { Teachers = ["p1", "p1"] }));
        await Assert.ThrowsAsync<InvalidRequestException>(() => coordinator.ConfigureAsync(Spec(PateAggregatorSpec.LnMax(1)) with { QueryIds = [1, 1] }));
        Assert.Equal(PatePhase.NotConfigured, (await coordinator.GetStatusAsync()).Phase);
        Assert.Equal(PatePhase.Running, (await coordinator.ConfigureAsync(Spec(PateAggregatorSpec.LnMax(1)))).Phase);
        Assert.Equal(PatePhase.Running, (await coordinator.ConfigureAsync(Spec(PateAggregatorSpec.LnMax(1)))).Phase);
        await Assert.ThrowsAsync<InvalidRequestException>(() => coordinator.ConfigureAsync(Spec(PateAggregatorSpec.GnMax(1))));
        await Assert.ThrowsAsync<InvalidRequestException>(() => coordinator.AnswerBatchAsync(0));
    }
}
