using System.Collections.Immutable;
using OrleansFed.Interfaces.Collab;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Privacy.Encoding;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecretSharing;
using OrleansFed.Runtime.Testing;
using Xunit;

namespace OrleansFed.Grains.Tests.Collab;

public sealed class CollabStepGrainTests : IDisposable
{
    private static readonly ImmutableArray<string> Roster = ["p1", "p2", "p3"];
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly SqliteTestDirectory _directory = new("orleansfed-collab-");
    private readonly RandomSource _random = new CryptoRandomSource();

    public void Dispose() => _directory.Dispose();

    private static CollabSpec Spec(int minMembers = 2) => new(Roster, Deadline, minMembers, CollabSpec.DefaultLossClip);

    private static ICollabStepGrain Steps(GrainTestHost host) => host.Grains.GetGrain<ICollabStepGrain>(CollabKeys.Steps("c1"));

    private static FixedPointCodec Codec() => new(CollabSpec.DefaultLossClip, CollabSpec.RingBits, Roster.Length);

    private ulong Encode(float loss)
    {
        var encoded = new ulong[1];
        Codec().Encode([loss], encoded, _random);
        return encoded[0];
    }

    // The worker side of one attempt, as the protocol prescribes: m + 1 shares per member, partial sums per member.
    private async Task<CollabStepView> ShareAsync(ICollabStepGrain grain, CollabStepView view, IReadOnlyDictionary<string, float> losses)
    {
        var members = view.Members;
        int m = members.Length;
        var shares = members.Select(w => AdditiveSecretSharing.Split(Encode(losses[w]), m + 1, _random)).ToArray();
        for (int j = 0; j < m; j++)
        {
            ulong partial = AdditiveSecretSharing.Reconstruct(shares.Select(s => s[j]).ToArray());
            view = await grain.SubmitSharesAsync(new CollabShareSubmission(members[j], view.Step, view.Attempt, shares[j][m], partial));
        }

        return view;
    }

    [Fact]
    public async Task The_published_average_is_the_mean_of_the_members_losses()
    {
        await using var host = await GrainTestHost.StartAsync();
        var grain = Steps(host);
        await grain.OpenAsync(Spec());
        var losses = new Dictionary<string, float> { ["p1"] = 0.25f, ["p2"] = 1.5f, ["p3"] = 2.75f };
        await grain.JoinAsync("p1", 0);
        await grain.JoinAsync("p2", 0);
        var view = await grain.JoinAsync("p3", 0);
        Assert.Equal(CollabPhase.Sharing, view.Phase);
        Assert.Equal(Roster.ToArray(), view.Members.ToArray());
        Assert.Equal(1, view.Attempt);

        view = await ShareAsync(grain, view, losses);

        var outcome = view.LastOutcome!;
        Assert.Equal(0, outcome.Step);
        Assert.Equal(1.5, outcome.AverageLoss!.Value, 1e-12);
        Assert.Equal(Roster.ToArray(), outcome.Members.ToArray());
        Assert.Empty(outcome.Dropped);
        Assert.Equal(1, outcome.Attempts);
        Assert.Equal(1, view.Step);
        Assert.Equal(CollabPhase.Joining, view.Phase);
    }

    [Fact]
    public async Task The_reconstructed_sum_is_exactly_the_sum_of_the_fixed_point_encodings()
    {
        await using var host = await GrainTestHost.StartAsync();
        var grain = Steps(host);
        await grain.OpenAsync(Spec());
        var codec = Codec();
        ulong[] encoded = [Encode(0.123456f), Encode(2.5f), Encode(7.75f)];
        foreach (var w in Roster)
        {
            await grain.JoinAsync(w, 0);
        }

        var shares = encoded.Select(e => AdditiveSecretSharing.Split(e, 4, _random)).ToArray();
        CollabStepView view = await grain.GetStepAsync();
        for (int j = 0; j < 3; j++)
        {
            view = await grain.SubmitSharesAsync(new CollabShareSubmission(Roster[j], 0, 1, shares[j][3], shares[0][j] + shares[1][j] + shares[2][j]));
        }

        long exact = codec.ToSignedInteger(encoded[0] + encoded[1] + encoded[2]);
        Assert.Equal(exact / codec.Scale / 3, view.LastOutcome!.AverageLoss!.Value);
    }

    [Fact]
    public async Task A_worker_absent_at_the_join_deadline_is_dropped_and_the_step_completes_without_it()
    {
        var time = new ManualTimeProvider();
        await using var host = await GrainTestHost.StartAsync(time);
        var grain = Steps(host);
        await grain.OpenAsync(Spec());
        await grain.JoinAsync("p1", 0);
        var view = await grain.JoinAsync("p2", 0);
        Assert.Equal(CollabPhase.Joining, view.Phase);

        time.Advance(Deadline);
        view = await grain.GetStepAsync();
        Assert.Equal(CollabPhase.Sharing, view.Phase);
        Assert.Equal(["p1", "p2"], view.Members.ToArray());

        var late = await Assert.ThrowsAsync<CollabStepConflictException>(() => grain.JoinAsync("p3", 0));
        Assert.Equal("Worker p3 missed the join deadline of step 0 and was dropped from it; join step 1.", late.Message);
        Assert.Equal(CollabProblemTypes.StepConflict, late.ProblemType);

        view = await ShareAsync(grain, view, new Dictionary<string, float> { ["p1"] = 1f, ["p2"] = 2f });
        Assert.Equal(1.5, view.LastOutcome!.AverageLoss!.Value, 1e-12);
        Assert.Equal(["p3"], view.LastOutcome.Dropped.ToArray());
        Assert.Equal(1, view.Step);
        Assert.Equal(CollabPhase.Joining, (await grain.JoinAsync("p3", 1)).Phase);
    }

    [Fact]
    public async Task A_member_missing_at_the_share_deadline_is_dropped_and_the_others_reshare()
    {
        var time = new ManualTimeProvider();
        await using var host = await GrainTestHost.StartAsync(time);
        var grain = Steps(host);
        await grain.OpenAsync(Spec());
        foreach (var w in Roster)
        {
            await grain.JoinAsync(w, 0);
        }

        await grain.SubmitSharesAsync(new CollabShareSubmission("p1", 0, 1, 11, 12));
        await grain.SubmitSharesAsync(new CollabShareSubmission("p2", 0, 1, 21, 22));
        time.Advance(Deadline);
        var view = await grain.GetStepAsync();
        Assert.Equal(2, view.Attempt);
        Assert.Equal(["p1", "p2"], view.Members.ToArray());
        Assert.Empty(view.Submitted);
        var stale = await Assert.ThrowsAsync<CollabStepConflictException>(
            () => grain.SubmitSharesAsync(new CollabShareSubmission("p3", 0, 1, 31, 32)));
        Assert.Equal("Shares for attempt 1 of step 0 are stale; the open attempt is 2.", stale.Message);

        view = await ShareAsync(grain, view, new Dictionary<string, float> { ["p1"] = 0.5f, ["p2"] = 1.5f });
        Assert.Equal(1.0, view.LastOutcome!.AverageLoss!.Value, 1e-12);
        Assert.Equal(2, view.LastOutcome.Attempts);
        Assert.Equal(["p3"], view.LastOutcome.Dropped.ToArray());
    }

    [Fact]
    public async Task A_step_with_fewer_than_the_minimum_members_is_skipped_and_reveals_no_average()
    {
        var time = new ManualTimeProvider();
        await using var host = await GrainTestHost.StartAsync(time);
        var grain = Steps(host);
        await grain.OpenAsync(Spec(minMembers: 2));
        await grain.JoinAsync("p2", 0);
        time.Advance(Deadline);
        var view = await grain.GetStepAsync();
        Assert.Equal(1, view.Step);
        Assert.True(view.LastOutcome!.Skipped);
        Assert.Null(view.LastOutcome.AverageLoss);
        Assert.Empty(view.LastOutcome.Members);
        Assert.Equal(["p1", "p3"], view.LastOutcome.Dropped.ToArray());
    }

    [Fact]
    public async Task A_restarted_grain_resumes_the_step_counter_and_the_open_join_phase()
    {
        var time = new ManualTimeProvider();
        var losses = new Dictionary<string, float> { ["p1"] = 1f, ["p2"] = 2f, ["p3"] = 3f };
        await using (var host = await GrainTestHost.StartAsync(time, _directory))
        {
            var grain = Steps(host);
            await grain.OpenAsync(Spec());
            for (int step = 0; step < 2; step++)
            {
                CollabStepView view = null!;
                foreach (var w in Roster)
                {
                    view = await grain.JoinAsync(w, step);
                }

                await ShareAsync(grain, view, losses);
            }

            await grain.JoinAsync("p1", 2);
        }

        await using (var host = await GrainTestHost.StartAsync(time, _directory))
        {
            var grain = Steps(host);
            var view = await grain.GetStepAsync();
            Assert.Equal(2, view.Step);
            Assert.Equal(CollabPhase.Joining, view.Phase);
            Assert.Equal(["p1"], view.Joined.ToArray());
            Assert.Equal(1, view.LastOutcome!.Step);
            await Assert.ThrowsAsync<CollabStepConflictException>(() => grain.JoinAsync("p2", 1));
            await grain.JoinAsync("p2", 2);
            view = await grain.JoinAsync("p3", 2);
            view = await ShareAsync(grain, view, losses);
            Assert.Equal(3, view.Step);
            Assert.Equal(2.0, view.LastOutcome!.AverageLoss!.Value, 1e-12);
        }
    }

    [Fact]
    public async Task Joins_and_identical_resubmissions_are_idempotent_but_a_different_second_submission_is_rejected()
    {
        await using var host = await GrainTestHost.StartAsync();
        var grain = Steps(host);
        await grain.OpenAsync(Spec());
        await grain.JoinAsync("p1", 0);
        Assert.Equal(["p1"], (await grain.JoinAsync("p1", 0)).Joined.ToArray());
        await grain.JoinAsync("p2", 0);
        await grain.JoinAsync("p3", 0);
        await grain.SubmitSharesAsync(new CollabShareSubmission("p1", 0, 1, 5, 6));
        Assert.Equal(["p1"], (await grain.SubmitSharesAsync(new CollabShareSubmission("p1", 0, 1, 5, 6))).Submitted.ToArray());
        var e = await Assert.ThrowsAsync<CollabStepConflictException>(
            () => grain.SubmitSharesAsync(new CollabShareSubmission("p1", 0, 1, 5, 7)));
        Assert.Equal("Worker p1 already submitted different shares for attempt 1 of step 0.", e.Message);
        Assert.Equal(["p1"], (await grain.GetStepAsync()).Submitted.ToArray());
    }

    [Fact]
    public async Task Bad_requests_are_rejected_with_precise_errors_and_change_nothing()
    {
        await using var host = await GrainTestHost.StartAsync();
        var grain = Steps(host);
        var notOpened = await Assert.ThrowsAsync<InvalidRequestException>(() => grain.JoinAsync("p1", 0));
        Assert.Equal("The campaign's FedCollabNN step grain has not been opened.", notOpened.Message);

        async Task<string> OpenFails(CollabSpec spec) => (await Assert.ThrowsAsync<InvalidRequestException>(() => grain.OpenAsync(spec))).Message;
        Assert.Equal("The roster needs at least 2 distinct worker ids of the participant-id form (p and digits).",
            await OpenFails(Spec() with { Workers = ["p1"] }));
        Assert.Equal("The roster needs at least 2 distinct worker ids of the participant-id form (p and digits).",
            await OpenFails(Spec() with { Workers = ["p1", "p1"] }));
        Assert.Equal("The roster needs at least 2 distinct worker ids of the participant-id form (p and digits).",
            await OpenFails(Spec() with { Workers = ["p1", "alice"] }));
        Assert.Equal("The minimum members must lie in [2, 3] (the roster size); got 1.", await OpenFails(Spec(minMembers: 1)));
        Assert.Equal("The minimum members must lie in [2, 3] (the roster size); got 4.", await OpenFails(Spec(minMembers: 4)));
        Assert.StartsWith("The step deadline must lie in (0, ", await OpenFails(Spec() with { StepDeadline = TimeSpan.Zero }));
        Assert.Equal("The loss clip must be positive and finite; got NaN.", await OpenFails(Spec() with { LossClip = double.NaN }));
        Assert.Equal(CollabPhase.NotOpened, (await grain.GetStepAsync()).Phase);

        await grain.OpenAsync(Spec());
        Assert.Equal("The campaign's step grain was already opened with a different specification.",
            await OpenFails(Spec(minMembers: 3)));
        var unknown = await Assert.ThrowsAsync<InvalidRequestException>(() => grain.JoinAsync("p9", 0));
        Assert.Equal("'p9' is not a worker of this campaign.", unknown.Message);
        var future = await Assert.ThrowsAsync<CollabStepConflictException>(() => grain.JoinAsync("p1", 1));
        Assert.Equal("Step 1 is not open; the open step is 0.", future.Message);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.JoinAsync("p1", -1));
        var early = await Assert.ThrowsAsync<CollabStepConflictException>(
            () => grain.SubmitSharesAsync(new CollabShareSubmission("p1", 0, 1, 1, 2)));
        Assert.Equal("Step 0 is not accepting shares; the open step is 0 (Joining).", early.Message);
        await grain.JoinAsync("p1", 0);
        await grain.JoinAsync("p2", 0);
        var view = await grain.GetStepAsync();
        Assert.Equal(["p1", "p2"], view.Joined.ToArray());
        Assert.Equal(0, view.Step);
        Assert.Empty(view.Submitted);
    }
}
