using System.Collections.Immutable;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Pate;
using OrleansFed.Privacy.Accounting;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.Pate;

/// <summary>
/// The PATE query/answer coordinator of one campaign. Batches are issued and answered strictly in plan order. Before a
/// query is answered its maximal cost is charged (in memory) against the campaign's RDP total; if the resulting ε would
/// exceed the budget the query and every later one are refused and no noise is drawn. One state write per transition
/// holds labels, outcomes and events together, so a crash before the write releases nothing and a repeat after it
/// returns the recorded result.
/// </summary>
[GrainType("pate-coordinator")]
public sealed class PateCoordinatorGrain(
    [PersistentState("pate")] IPersistentState<PateCoordinatorState> state) : Grain, IPateCoordinatorGrain
{
    /// <summary>Largest query plan accepted.</summary>
    internal const int MaxQueries = 1_000_000;

    private static readonly double[] Orders = [.. RdpOrders.Default];

    private IPateAggregator? _aggregator;
    private double[]? _campaignRdp;

    async Task<PateStatus> IPateCoordinatorGrain.ConfigureAsync(PateCampaignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (state.State.Spec is { } existing)
        {
            return existing.SameAs(spec)
                ? Status()
                : throw new InvalidRequestException("The PATE campaign is already configured differently.");
        }

        Validate(spec);
        state.State.Spec = spec;
        await WriteAsync();
        return Status();
    }

    async Task<PateBatch?> IPateCoordinatorGrain.OpenNextBatchAsync()
    {
        var spec = RequireSpec();
        if (state.State.Batches.Count > 0 && !state.State.Batches[^1].Answered)
        {
            return await OpenTallyAsync(spec, state.State.Batches.Count - 1);
        }

        if (state.State.BudgetExhausted)
        {
            throw BudgetExhausted();
        }

        int count = Math.Min(spec.BatchSize, spec.QueryIds.Length - state.State.NextQuery);
        if (count == 0)
        {
            return null;
        }

        var aggregator = Aggregator();
        if (!aggregator.CostDependsOnVotes)
        {
            // The cost is known before any vote (and, in the local variant, teachers pay as soon as they vote):
            // issue only the queries whose answers fit the budget.
            count = QueriesThatFit(aggregator.MaximalCost(new double[spec.ClassCount]), count);
            if (count == 0)
            {
                state.State.BudgetExhausted = true;
                await WriteAsync();
                throw BudgetExhausted();
            }
        }

        state.State.Batches.Add(new PateBatchRecord { FirstQuery = state.State.NextQuery, Count = count });
        state.State.NextQuery += count;
        await WriteAsync();
        return await OpenTallyAsync(spec, state.State.Batches.Count - 1);
    }

    async Task<PateBatchResult> IPateCoordinatorGrain.AnswerBatchAsync(int batch)
    {
        var spec = RequireSpec();
        if (batch < 0 || batch >= state.State.Batches.Count)
        {
            throw new InvalidRequestException($"Batch {batch} has not been opened.");
        }

        var record = state.State.Batches[batch];
        if (record.Answered)
        {
            return Result(batch, record);
        }

        var snapshot = await GrainFactory.GetGrain<IVoteTallyGrain>(PateKeys.VoteTally(GetPrimaryKeyString(), batch)).CloseAsync();
        try
        {
            AnswerQueries(spec, batch, record, snapshot);
        }
        catch
        {
            // Nothing was written: drop the half-applied memory and start from storage on the next call.
            _campaignRdp = null;
            DeactivateOnIdle();
            throw;
        }

        await WriteAsync();
        return Result(batch, record);
    }

    private void AnswerQueries(PateCampaignSpec spec, int batch, PateBatchRecord record, VoteTallySnapshot snapshot)
    {
        var aggregator = Aggregator();
        var rdp = CampaignRdp();
        var roster = RosterIndex(spec);
        var counts = new double[spec.ClassCount];
        for (int i = 0; i < record.Count; i++)
        {
            var tally = snapshot.Queries[i];
            var query = new PateQueryRecord { QueryId = spec.QueryIds[record.FirstQuery + i], Voters = TeacherSet.Empty(spec.Teachers.Length) };
            if (tally.QueryId != query.QueryId)
            {
                throw new InvalidOperationException($"The tally of batch {batch} does not match the query plan.");
            }

            foreach (var voter in tally.Voters)
            {
                TeacherSet.Add(query.Voters, roster[voter]);
            }

            if (state.State.BudgetExhausted)
            {
                query.Outcome = QueryOutcome.Refused;
                record.Refused++;
            }
            else if (tally.VoterCount == 0)
            {
                query.Outcome = QueryOutcome.NoVotes;
                record.NoVotes++;
            }
            else
            {
                for (int c = 0; c < counts.Length; c++)
                {
                    counts[c] = tally.Counts[c];
                }

                if (!Fits(rdp, aggregator.MaximalCost(counts), spec))
                {
                    state.State.BudgetExhausted = true;
                    query.Outcome = QueryOutcome.Refused;
                    record.Refused++;
                }
                else
                {
                    var answer = aggregator.Answer(counts);
                    AddRdp(rdp, answer.Events);
                    query.Events = [.. answer.Events];
                    query.Label = answer.Label;
                    query.Outcome = answer.Label is null ? QueryOutcome.BelowThreshold : QueryOutcome.Answered;
                    if (answer.Label is null)
                    {
                        record.BelowThreshold++;
                    }
                    else
                    {
                        record.Labeled++;
                    }
                }
            }

            state.State.Queries.Add(query);
        }

        record.Answered = true;
    }

    Task<PateStatus> IPateCoordinatorGrain.GetStatusAsync() => Task.FromResult(Status());

    Task<ImmutableArray<LabeledQuery>> IPateCoordinatorGrain.GetLabelsAsync()
    {
        var labels = ImmutableArray.CreateBuilder<LabeledQuery>();
        foreach (var query in state.State.Queries)
        {
            if (query.Label is { } label)
            {
                labels.Add(new LabeledQuery(query.QueryId, label));
            }
        }

        return Task.FromResult(labels.ToImmutable());
    }

    Task<PrivacySpent> IPateCoordinatorGrain.GetCampaignPrivacyAsync()
    {
        var spec = RequireSpec();
        var events = state.State.Queries.SelectMany(q => q.Events).ToList();
        return Task.FromResult(Spent(events, spec.Delta));
    }

    Task<PrivacySpent> IPateCoordinatorGrain.GetTeacherPrivacyAsync(string teacherId)
    {
        var spec = RequireSpec();
        if (teacherId is null || !RosterIndex(spec).TryGetValue(teacherId, out int index))
        {
            throw new InvalidRequestException($"'{teacherId}' is not a teacher of this campaign.");
        }

        var events = state.State.Queries.Where(q => TeacherSet.Contains(q.Voters, index)).SelectMany(q => q.Events).ToList();
        return Task.FromResult(Spent(events, spec.Delta));
    }

    private async Task<PateBatch> OpenTallyAsync(PateCampaignSpec spec, int batch)
    {
        var record = state.State.Batches[batch];
        var queryIds = spec.QueryIds.Slice(record.FirstQuery, record.Count);
        var encoding = Aggregator().Encoding;
        // Idempotent: repeated after a crash between the coordinator's write and the tally's.
        await GrainFactory.GetGrain<IVoteTallyGrain>(PateKeys.VoteTally(GetPrimaryKeyString(), batch))
            .OpenAsync(new VoteTallySpec(spec.ClassCount, queryIds, spec.Teachers, encoding));
        return new PateBatch(batch, queryIds, spec.ClassCount, encoding);
    }

    private int QueriesThatFit(ImmutableArray<PrivacyEvent> perQuery, int count)
    {
        var spec = state.State.Spec!;
        var rdp = (double[])CampaignRdp().Clone();
        for (int fit = 0; fit < count; fit++)
        {
            if (!Fits(rdp, perQuery, spec))
            {
                return fit;
            }

            AddRdp(rdp, perQuery);
        }

        return count;
    }

    private static bool Fits(double[] rdp, ImmutableArray<PrivacyEvent> events, PateCampaignSpec spec)
    {
        var next = (double[])rdp.Clone();
        AddRdp(next, events);
        return RdpToDp.Epsilon(Orders, next, spec.Delta).Epsilon <= spec.Epsilon;
    }

    private static void AddRdp(double[] rdp, IEnumerable<PrivacyEvent> events)
    {
        foreach (var e in events)
        {
            for (int i = 0; i < Orders.Length; i++)
            {
                rdp[i] += RdpAccountant.EventRdp(e, Orders[i]);
            }
        }
    }

    private double[] CampaignRdp()
    {
        if (_campaignRdp is null)
        {
            _campaignRdp = new double[Orders.Length];
            AddRdp(_campaignRdp, state.State.Queries.SelectMany(q => q.Events));
        }

        return _campaignRdp;
    }

    private static PrivacySpent Spent(List<PrivacyEvent> events, double delta)
    {
        var ledger = new PrivacyLedger(events);
        var guarantee = new RdpAccountant().GetGuarantee(ledger, delta);
        return new PrivacySpent(guarantee.Epsilon, delta, events.Count, ledger.ToJson());
    }

    private PateStatus Status()
    {
        var s = state.State;
        if (s.Spec is not { } spec)
        {
            return new PateStatus(PatePhase.NotConfigured, 0, 0, 0, 0, null, 0, 0, 0, 0);
        }

        int answered = 0, unanswered = 0, refused = 0;
        foreach (var q in s.Queries)
        {
            switch (q.Outcome)
            {
                case QueryOutcome.Answered: answered++; break;
                case QueryOutcome.Refused: refused++; break;
                default: unanswered++; break;
            }
        }

        bool open = s.Batches.Count > 0 && !s.Batches[^1].Answered;
        if (s.BudgetExhausted && !open)
        {
            refused += spec.QueryIds.Length - s.NextQuery;
        }

        var phase = s.BudgetExhausted ? PatePhase.BudgetExhausted
            : s.NextQuery == spec.QueryIds.Length && !open ? PatePhase.Completed
            : PatePhase.Running;
        double epsilon = RdpToDp.Epsilon(Orders, CampaignRdp(), spec.Delta).Epsilon;
        return new PateStatus(phase, spec.QueryIds.Length, answered, unanswered, refused,
            open ? s.Batches.Count - 1 : null, s.Batches.Count, epsilon, spec.Delta, spec.Epsilon);
    }

    private PateBatchResult Result(int batch, PateBatchRecord r) =>
        new(batch, r.Labeled, r.BelowThreshold, r.NoVotes, r.Refused, Status());

    private PateCampaignSpec RequireSpec() =>
        state.State.Spec ?? throw new InvalidRequestException("The PATE campaign has not been configured.");

    private IPateAggregator Aggregator() =>
        _aggregator ??= PateAggregators.Create(RequireSpec().Aggregator, RequireSpec().Accounting);

    private static Dictionary<string, int> RosterIndex(PateCampaignSpec spec)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < spec.Teachers.Length; i++)
        {
            index[spec.Teachers[i]] = i;
        }

        return index;
    }

    private PateBudgetExhaustedException BudgetExhausted()
    {
        var spec = state.State.Spec!;
        double spent = RdpToDp.Epsilon(Orders, CampaignRdp(), spec.Delta).Epsilon;
        return new PateBudgetExhaustedException(
            $"The PATE privacy budget is exhausted: ε = {spent:G6} spent of {spec.Epsilon:G6} at δ = {spec.Delta:G3}; " +
            "the next answer would exceed it, so no further query is issued or answered.");
    }

    private Task WriteAsync() => WriteStateOrDeactivateAsync(state);

    private static void Validate(PateCampaignSpec spec)
    {
        if (spec.QueryIds.IsDefaultOrEmpty || spec.QueryIds.Length > MaxQueries)
        {
            throw new InvalidRequestException($"The query plan must hold between 1 and {MaxQueries} queries.");
        }

        if (spec.BatchSize is < 1 or > 10_000)
        {
            throw new InvalidRequestException("The batch size must lie in [1, 10000].");
        }

        if (!(spec.Epsilon > 0) || !double.IsFinite(spec.Epsilon) || !(spec.Delta is > 0 and < 1))
        {
            throw new InvalidRequestException("The budget needs a positive, finite ε and δ in (0, 1).");
        }

        if (spec.Aggregator is null || spec.Teachers.IsDefault)
        {
            throw new InvalidRequestException("The aggregator and the teachers are required.");
        }

        // The tally's rules for classes, query ids and teacher ids apply to the whole plan.
        VoteTallyGrain.Validate(new VoteTallySpec(spec.ClassCount, spec.QueryIds, spec.Teachers, VoteEncoding.OneHot));
        try
        {
            PateAggregators.Create(spec.Aggregator, spec.Accounting);
        }
        catch (ArgumentException e)
        {
            throw new InvalidRequestException($"Invalid PATE aggregator: {e.Message}", e);
        }
    }
}
