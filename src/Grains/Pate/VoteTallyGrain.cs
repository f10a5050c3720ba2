using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Pate;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.Pate;

/// <summary>
/// The durable vote tally of one PATE query batch. Each contribution is validated as a whole, applied, written, and only
/// then acknowledged; a teacher counts at most once per query (identical replays are recognised and ignored).
/// </summary>
[GrainType("pate-vote-tally")]
public sealed class VoteTallyGrain(
    [PersistentState("tally")] IPersistentState<VoteTallyState> state) : Grain, IVoteTallyGrain
{
    /// <summary>Upper bound on classes, so a histogram stays small.</summary>
    internal const int MaxClasses = 10_000;

    private Dictionary<string, int>? _rosterIndex;
    private Dictionary<int, int>? _queryIndex;

    async Task IVoteTallyGrain.OpenAsync(VoteTallySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (state.State.Spec is { } existing)
        {
            if (!existing.SameAs(spec))
            {
                throw new InvalidRequestException("The vote tally was already opened with a different specification.");
            }

            return;
        }

        Validate(spec);
        state.State.Spec = spec;
        state.State.Closed = false;
        state.State.Queries = new List<QueryTallyState>(spec.QueryIds.Length);
        foreach (var _ in spec.QueryIds)
        {
            state.State.Queries.Add(new QueryTallyState { Counts = new long[spec.ClassCount], Voters = TeacherSet.Empty(spec.Teachers.Length) });
        }

        await WriteAsync();
    }

    async Task<VoteSubmitResult> IVoteTallyGrain.SubmitAsync(VoteContribution contribution)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        var spec = state.State.Spec ?? throw new VoteTallyClosedException("The vote tally has not been opened.");
        if (state.State.Closed)
        {
            throw new VoteTallyClosedException("The vote tally is closed: its batch has been answered.");
        }

        EnsureIndexes(spec);
        var cohort = CohortOf(contribution, spec);
        int teacherCount = contribution.Teachers.Length;
        if (contribution.Queries.IsDefaultOrEmpty)
        {
            throw new InvalidRequestException("A contribution must hold at least one query.");
        }

        // Validate everything before changing anything: a contribution is applied entirely or not at all.
        var plan = new List<(int Slot, long Digest, ImmutableArray<int> Counts)>(contribution.Queries.Length);
        int replays = 0;
        var seen = new HashSet<int>();
        int cohortIndex = FindCohort(cohort);
        foreach (var query in contribution.Queries)
        {
            if (query is null)
            {
                throw new InvalidRequestException("A contribution holds a null query.");
            }

            if (!_queryIndex!.TryGetValue(query.QueryId, out int slot))
            {
                throw new InvalidRequestException($"Query {query.QueryId} is not part of this batch.");
            }

            if (!seen.Add(query.QueryId))
            {
                throw new InvalidRequestException($"Query {query.QueryId} appears twice in the contribution.");
            }

            ValidateCounts(query, spec, teacherCount);
            long digest = Digest(query);
            var tally = state.State.Queries[slot];
            if (!TeacherSet.Overlaps(tally.Voters, cohort))
            {
                plan.Add((slot, digest, query.Counts));
                continue;
            }

            if (cohortIndex >= 0 && tally.Receipts.Exists(r => r.Cohort == cohortIndex && r.Digest == digest))
            {
                replays++;
                continue;
            }

            int teacher = TeacherSet.FirstCommon(tally.Voters, cohort);
            throw new DuplicateVoteException(spec.Teachers[teacher], query.QueryId);
        }

        if (plan.Count == 0)
        {
            return new VoteSubmitResult(0, replays);
        }

        if (cohortIndex < 0)
        {
            cohortIndex = state.State.Cohorts.Count;
            state.State.Cohorts.Add(cohort);
        }

        foreach (var (slot, digest, counts) in plan)
        {
            var tally = state.State.Queries[slot];
            for (int c = 0; c < counts.Length; c++)
            {
                tally.Counts[c] += counts[c];
            }

            TeacherSet.UnionWith(tally.Voters, cohort);
            tally.Receipts.Add(new VoteReceipt { Cohort = cohortIndex, Digest = digest });
        }

        await WriteAsync();
        return new VoteSubmitResult(plan.Count, replays);
    }

    async Task<VoteTallySnapshot> IVoteTallyGrain.CloseAsync()
    {
        if (state.State.Spec is null)
        {
            throw new VoteTallyClosedException("The vote tally has not been opened.");
        }

        if (!state.State.Closed)
        {
            state.State.Closed = true;
            await WriteAsync();
        }

        return Snapshot();
    }

    Task<VoteTallySnapshot> IVoteTallyGrain.GetSnapshotAsync() => Task.FromResult(Snapshot());

    private VoteTallySnapshot Snapshot()
    {
        var spec = state.State.Spec;
        if (spec is null)
        {
            return new VoteTallySnapshot(false, []);
        }

        var queries = ImmutableArray.CreateBuilder<QueryTally>(spec.QueryIds.Length);
        for (int i = 0; i < spec.QueryIds.Length; i++)
        {
            var tally = state.State.Queries[i];
            var voters = ImmutableArray.CreateBuilder<string>(TeacherSet.Count(tally.Voters));
            for (int t = 0; t < spec.Teachers.Length; t++)
            {
                if (TeacherSet.Contains(tally.Voters, t))
                {
                    voters.Add(spec.Teachers[t]);
                }
            }

            queries.Add(new QueryTally(spec.QueryIds[i], [.. tally.Counts], voters.MoveToImmutable()));
        }

        return new VoteTallySnapshot(state.State.Closed, queries.MoveToImmutable());
    }

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The in-memory state may be ahead of storage now: let the next call start from what is durable.
            DeactivateOnIdle();
            _rosterIndex = null;
            _queryIndex = null;
            throw;
        }
    }

    private byte[] CohortOf(VoteContribution contribution, VoteTallySpec spec)
    {
        if (contribution.Teachers.IsDefaultOrEmpty)
        {
            throw new InvalidRequestException("A contribution must name at least one teacher.");
        }

        var set = TeacherSet.Empty(spec.Teachers.Length);
        foreach (var teacher in contribution.Teachers)
        {
            if (teacher is null || !_rosterIndex!.TryGetValue(teacher, out int index))
            {
                throw new InvalidRequestException($"'{teacher}' is not a teacher of this campaign.");
            }

            if (TeacherSet.Contains(set, index))
            {
                throw new InvalidRequestException($"Teacher '{teacher}' is named twice in the contribution.");
            }

            TeacherSet.Add(set, index);
        }

        return set;
    }

    private int FindCohort(byte[] cohort) => state.State.Cohorts.FindIndex(c => c.AsSpan().SequenceEqual(cohort));

    private static void ValidateCounts(QueryVotes query, VoteTallySpec spec, int teacherCount)
    {
        if (query.Counts.IsDefault || query.Counts.Length != spec.ClassCount)
        {
            throw new InvalidRequestException($"Query {query.QueryId}: the histogram must have {spec.ClassCount} classes.");
        }

        long sum = 0;
        foreach (int count in query.Counts)
        {
            // Each teacher adds at most 1 per class, under either encoding.
            if (count < 0 || count > teacherCount)
            {
                throw new InvalidRequestException(
                    $"Query {query.QueryId}: every count must lie in [0, {teacherCount}] for {teacherCount} teacher(s).");
            }

            sum += count;
        }

        if (spec.Encoding == VoteEncoding.OneHot && sum != teacherCount)
        {
            throw new InvalidRequestException(
                $"Query {query.QueryId}: one-hot votes of {teacherCount} teacher(s) must sum to {teacherCount}, not {sum}.");
        }
    }

    private static long Digest(QueryVotes query)
    {
        Span<byte> buffer = stackalloc byte[4 * (query.Counts.Length + 1)];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, query.QueryId);
        for (int i = 0; i < query.Counts.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer[(4 * (i + 1))..], query.Counts[i]);
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer, hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }

    private void EnsureIndexes(VoteTallySpec spec)
    {
        if (_rosterIndex is not null && _queryIndex is not null)
        {
            return;
        }

        _rosterIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < spec.Teachers.Length; i++)
        {
            _rosterIndex[spec.Teachers[i]] = i;
        }

        _queryIndex = [];
        for (int i = 0; i < spec.QueryIds.Length; i++)
        {
            _queryIndex[spec.QueryIds[i]] = i;
        }
    }

    internal static void Validate(VoteTallySpec spec)
    {
        if (spec.ClassCount is < 2 or > MaxClasses)
        {
            throw new InvalidRequestException($"The class count must lie in [2, {MaxClasses}].");
        }

        if (spec.QueryIds.IsDefaultOrEmpty || spec.QueryIds.Any(q => q < 0) || spec.QueryIds.Distinct().Count() != spec.QueryIds.Length)
        {
            throw new InvalidRequestException("The batch needs distinct, non-negative query ids.");
        }

        if (spec.Teachers.IsDefaultOrEmpty || spec.Teachers.Any(t => !GrainKeys.IsParticipantId(t))
            || spec.Teachers.Distinct(StringComparer.Ordinal).Count() != spec.Teachers.Length)
        {
            throw new InvalidRequestException("The roster needs distinct teacher ids of the participant-id form (p and digits).");
        }

        if (!Enum.IsDefined(spec.Encoding))
        {
            throw new InvalidRequestException("Unknown vote encoding.");
        }
    }
}
