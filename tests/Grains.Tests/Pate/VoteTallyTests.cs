using System.Collections.Immutable;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Pate;
using OrleansFed.Runtime.Testing;
using Xunit;

namespace OrleansFed.Grains.Tests.Pate;

public sealed class VoteTallyTests : IDisposable
{
    private static readonly ImmutableArray<string> Roster = ["p1", "p2", "p3", "p4"];
    private static readonly ImmutableArray<int> Queries = [10, 11, 12];
    private readonly SqliteTestDirectory _directory = new("orleansfed-pate-");

    public void Dispose() => _directory.Dispose();

    private static VoteTallySpec Spec(VoteEncoding encoding = VoteEncoding.OneHot) => new(3, Queries, Roster, encoding);

    private static IVoteTallyGrain Tally(GrainTestHost host) => host.Grains.GetGrain<IVoteTallyGrain>(PateKeys.VoteTally("c1", 0));

    private static VoteContribution Vote(string teacher, params int[] labels) =>
        VoteContribution.OneHot(teacher, 3, Queries.AsSpan(), labels);

    private static long[] Counts(VoteTallySnapshot s, int queryId) => [.. s.Queries.Single(q => q.QueryId == queryId).Counts];

    [Fact]
    public async Task Single_teacher_votes_are_summed_per_query_with_the_voters_recorded()
    {
        await using var host = await PateTestHost.StartAsync();
        var tally = Tally(host);
        await tally.OpenAsync(Spec());
        Assert.Equal(new VoteSubmitResult(3, 0), await tally.SubmitAsync(Vote("p1", 0, 1, 2)));
        await tally.SubmitAsync(Vote("p3", 0, 2, 2));
        var snapshot = await tally.GetSnapshotAsync();
        Assert.Equal(new long[] { 2, 0, 0 }, Counts(snapshot, 10));
        Assert.Equal(new long[] { 0, 1, 1 }, Counts(snapshot, 11));
        Assert.Equal(new long[] { 0, 0, 2 }, Counts(snapshot, 12));
        Assert.All(snapshot.Queries, q => Assert.Equal(["p1", "p3"], q.Voters.ToArray()));
    }

    [Fact]
    public async Task An_identical_replay_is_acknowledged_and_counted_once()
    {
        await using var host = await PateTestHost.StartAsync();
        var tally = Tally(host);
        await tally.OpenAsync(Spec());
        await tally.SubmitAsync(Vote("p2", 1, 1, 1));
        Assert.Equal(new VoteSubmitResult(0, 3), await tally.SubmitAsync(Vote("p2", 1, 1, 1)));
        Assert.Equal(new long[] { 0, 1, 0 }, Counts(await tally.GetSnapshotAsync(), 11));
    }

    [Fact]
    public async Task A_different_second_vote_by_the_same_teacher_is_rejected_and_changes_nothing()
    {
        await using var host = await PateTestHost.StartAsync();
        var tally = Tally(host);
        await tally.OpenAsync(Spec());
        await tally.SubmitAsync(new VoteContribution(["p2"], [new QueryVotes(11, [0, 1, 0])]));
        var before = await tally.GetSnapshotAsync();

        // Query 10 would be new, query 11 conflicts: the whole contribution is refused.
        var e = await Assert.ThrowsAsync<DuplicateVoteException>(() => tally.SubmitAsync(Vote("p2", 0, 2, 0)));
        Assert.Equal("p2", e.TeacherId);
        Assert.Equal(11, e.QueryId);
        Assert.Equal(PateProblemTypes.DuplicateVote, e.ProblemType);
        var after = await tally.GetSnapshotAsync();
        Assert.Equal(before.Queries.Select(q => q.Counts.ToArray()), after.Queries.Select(q => q.Counts.ToArray()));
        Assert.Empty(after.Queries.Single(q => q.QueryId == 10).Voters);
    }

    [Fact]
    public async Task An_aggregated_histogram_overlapping_a_teacher_who_already_voted_is_rejected()
    {
        await using var host = await PateTestHost.StartAsync();
        var tally = Tally(host);
        await tally.OpenAsync(Spec());
        await tally.SubmitAsync(new VoteContribution(["p1", "p2", "p3"], [new QueryVotes(12, [1, 0, 2])]));
        await tally.SubmitAsync(new VoteContribution(["p4"], [new QueryVotes(12, [0, 0, 1])]));
        Assert.Equal(new long[] { 1, 0, 3 }, Counts(await tally.GetSnapshotAsync(), 12));

        var e = await Assert.ThrowsAsync<DuplicateVoteException>(() =>
            tally.SubmitAsync(new VoteContribution(["p3", "p4"], [new QueryVotes(12, [0, 1, 1])])));
        Assert.Equal(12, e.QueryId);
        Assert.Equal(new VoteSubmitResult(0, 1),
            await tally.SubmitAsync(new VoteContribution(["p1", "p2", "p3"], [new QueryVotes(12, [1, 0, 2])])));
        Assert.Equal(new long[] { 1, 0, 3 }, Counts(await tally.GetSnapshotAsync(), 12));
    }

    [Theory]
    [InlineData("p9", 10, new[] { 1, 0, 0 })]     // unknown teacher
    [InlineData("p1", 99, new[] { 1, 0, 0 })]     // query outside the batch
    [InlineData("p1", 10, new[] { 1, 0 })]        // wrong length
    [InlineData("p1", 10, new[] { 1, 1, 0 })]     // not one-hot
    [InlineData("p1", 10, new[] { 0, 0, 0 })]     // not one-hot
    [InlineData("p1", 10, new[] { 2, -1, 0 })]    // negative count
    public async Task Malformed_contributions_are_rejected_and_change_nothing(string teacher, int queryId, int[] counts)
    {
        await using var host = await PateTestHost.StartAsync();
        var tally = Tally(host);
        await tally.OpenAsync(Spec());
        await Assert.ThrowsAsync<InvalidRequestException>(() =>
            tally.SubmitAsync(new VoteContribution([teacher], [new QueryVotes(queryId, [.. counts])])));
        Assert.All((await tally.GetSnapshotAsync()).Queries, q => Assert.Equal(0, q.VoterCount));
    }

    [Fact]
    public async Task Locally_perturbed_votes_may_have_any_zero_one_pattern_but_not_exceed_one_per_teacher()
    {
        await using var host = await PateTestHost.StartAsync();
        var tally = Tally(host);
        await tally.OpenAsync(Spec(VoteEncoding.LocallyPerturbed));
        await tally.SubmitAsync(new VoteContribution(["p1"], [new QueryVotes(10, [1, 1, 0])]));
        await tally.SubmitAsync(new VoteContribution(["p2"], [new QueryVotes(10, [0, 0, 0])]));
        await Assert.ThrowsAsync<InvalidRequestException>(() =>
            tally.SubmitAsync(new VoteContribution(["p3"], [new QueryVotes(10, [2, 0, 0])])));
        var q = (await tally.GetSnapshotAsync()).Queries[0];
        Assert.Equal(new long[] { 1, 1, 0 }, q.Counts.ToArray());
        Assert.Equal(2, q.VoterCount);
    }

    [Fact]
    public async Task Votes_before_open_or_after_close_are_refused()
    {
        await using var host = await PateTestHost.StartAsync();
        var tally = Tally(host);
        await Assert.ThrowsAsync<VoteTallyClosedException>(() => tally.SubmitAsync(Vote("p1", 0, 0, 0)));
        await tally.OpenAsync(Spec());
        await tally.SubmitAsync(Vote("p1", 0, 0, 0));
        var closed = await tally.CloseAsync();
        Assert.True(closed.Closed);
        await Assert.ThrowsAsync<VoteTallyClosedException>(() => tally.SubmitAsync(Vote("p2", 0, 0, 0)));
        Assert.Equal(new long[] { 1, 0, 0 }, Counts(await tally.CloseAsync(), 10));
        await Assert.ThrowsAsync<InvalidRequestException>(() => tally.OpenAsync(Spec(VoteEncoding.LocallyPerturbed)));
    }

    [Fact]
    public async Task Votes_survive_a_silo_restart_none_lost_none_counted_twice()
    {
        var time = new ManualTimeProvider();
        await using (var host = await PateTestHost.StartAsync(time, _directory))
        {
            var tally = Tally(host);
            await tally.OpenAsync(Spec());
            await tally.SubmitAsync(Vote("p1", 0, 1, 2));
            await tally.SubmitAsync(new VoteContribution(["p2", "p3"], [new QueryVotes(10, [2, 0, 0]), new QueryVotes(11, [0, 1, 1])]));
        }

        await using (var host = await PateTestHost.StartAsync(time, _directory))
        {
            var tally = Tally(host);
            await tally.OpenAsync(Spec());
            // The replays of acknowledged contributions are recognised after the restart; conflicting ones are refused.
            Assert.Equal(new VoteSubmitResult(0, 3), await tally.SubmitAsync(Vote("p1", 0, 1, 2)));
            await Assert.ThrowsAsync<DuplicateVoteException>(() => tally.SubmitAsync(Vote("p2", 1, 1, 1)));
            Assert.Equal(new VoteSubmitResult(1, 0), await tally.SubmitAsync(new VoteContribution(["p2"], [new QueryVotes(12, [0, 1, 0])])));
            await tally.SubmitAsync(Vote("p4", 0, 0, 0));
        }

        await using (var host = await PateTestHost.StartAsync(time, _directory))
        {
            var snapshot = await Tally(host).CloseAsync();
            Assert.Equal(new long[] { 4, 0, 0 }, Counts(snapshot, 10));
            Assert.Equal(new long[] { 1, 2, 1 }, Counts(snapshot, 11));
            Assert.Equal(new long[] { 1, 1, 1 }, Counts(snapshot, 12));
            Assert.Equal(["p1", "p2", "p3", "p4"], snapshot.Queries[0].Voters.ToArray());
            Assert.Equal(["p1", "p2", "p4"], snapshot.Queries[2].Voters.ToArray());
        }
    }
}
