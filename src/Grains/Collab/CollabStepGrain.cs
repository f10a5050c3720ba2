using System.Collections.Immutable;
using OrleansFed.Interfaces.Collab;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Privacy.Encoding;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.Collab;

/// <summary>
/// The step synchroniser of one FedCollabNN campaign (Chaulwar, Algorithm 2). Per step: a join phase (membership is
/// fixed when every roster worker joined, or at the deadline counted from the first join), then share phases (the
/// step completes when every member's silo share and partial sum arrived; at a deadline the missing members are
/// dropped and the rest re-share, since the missing members' partial sums held the others' shares). Only the ring sum
/// of the shares is ever kept; decoded, it is the sum of the members' fixed-point losses and its mean is published.
/// </summary>
/// <remarks>
/// Deadlines are durable (in the state) and enforced on every call and by an in-memory timer while the activation
/// lives; after a restart the first call enforces a deadline that passed meanwhile. No reminder is used: steps last
/// milliseconds to seconds, far below a reminder's useful granularity, and a reminder write per step would dominate.
/// </remarks>
[GrainType("collab-steps")]
public sealed class CollabStepGrain(
    [PersistentState("collab")] IPersistentState<CollabStepState> state) : Grain, ICollabStepGrain
{
    /// <summary>Longest allowed phase deadline.</summary>
    internal static readonly TimeSpan MaxDeadline = TimeSpan.FromDays(1);

    private IGrainTimer? _timer;
    private FixedPointCodec? _codec;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Spec is { } spec)
        {
            StartTimer(spec);
        }

        return Task.CompletedTask;
    }

    async Task<CollabStepView> ICollabStepGrain.OpenAsync(CollabSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (state.State.Spec is { } existing)
        {
            if (!existing.SameAs(spec))
            {
                throw new InvalidRequestException("The campaign's step grain was already opened with a different specification.");
            }

            return View();
        }

        Validate(spec);
        state.State.Spec = spec;
        state.State.Phase = CollabPhase.Joining;
        await WriteAsync();
        StartTimer(spec);
        return View();
    }

    async Task<CollabStepView> ICollabStepGrain.JoinAsync(string worker, long step)
    {
        var spec = RequireSpec();
        RequireWorker(spec, worker);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        bool changed = ApplyDeadlines();
        var s = state.State;
        if (step != s.Step)
        {
            await WriteIfAsync(changed);
            throw new CollabStepConflictException($"Step {step} is not open; the open step is {s.Step}.");
        }

        if (s.Joined.Contains(worker, StringComparer.Ordinal))
        {
            await WriteIfAsync(changed);
            return View();
        }

        if (s.Phase != CollabPhase.Joining)
        {
            await WriteIfAsync(changed);
            throw new CollabStepConflictException(
                $"Worker {worker} missed the join deadline of step {step} and was dropped from it; join step {step + 1}.");
        }

        s.Joined.Add(worker);
        SortByRoster(s.Joined, spec);
        s.Deadline ??= Now + spec.StepDeadline;
        if (s.Joined.Count == spec.Workers.Length)
        {
            FixMembership(spec);
        }

        await WriteAsync();
        return View();
    }

    async Task<CollabStepView> ICollabStepGrain.SubmitSharesAsync(CollabShareSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var spec = RequireSpec();
        RequireWorker(spec, submission.Worker);
        bool changed = ApplyDeadlines();
        var s = state.State;
        string? conflict = null;
        if (submission.Step != s.Step || s.Phase != CollabPhase.Sharing)
        {
            conflict = $"Step {submission.Step} is not accepting shares; the open step is {s.Step} ({s.Phase}).";
        }
        else if (submission.Attempt != s.Attempt)
        {
            conflict = $"Shares for attempt {submission.Attempt} of step {s.Step} are stale; the open attempt is {s.Attempt}.";
        }
        else if (!s.Members.Contains(submission.Worker, StringComparer.Ordinal))
        {
            conflict = $"Worker {submission.Worker} is not a member of attempt {s.Attempt} of step {s.Step}.";
        }

        if (conflict is not null)
        {
            await WriteIfAsync(changed);
            throw new CollabStepConflictException(conflict);
        }

        long digest = Digest(submission);
        int index = s.Submitted.FindIndex(w => w == submission.Worker);
        if (index >= 0)
        {
            await WriteIfAsync(changed);
            return s.Digests[index] == digest
                ? View()
                : throw new CollabStepConflictException(
                    $"Worker {submission.Worker} already submitted different shares for attempt {s.Attempt} of step {s.Step}.");
        }

        s.Accumulator = unchecked(s.Accumulator + submission.SiloShare + submission.PartialSum);
        s.Submitted.Add(submission.Worker);
        s.Digests.Add(digest);
        if (s.Submitted.Count == s.Members.Count)
        {
            Complete(spec);
        }

        await WriteAsync();
        return View();
    }

    async Task<CollabStepView> ICollabStepGrain.GetStepAsync()
    {
        await WriteIfAsync(ApplyDeadlines());
        return View();
    }

    private DateTimeOffset Now => TimeProvider.GetUtcNow();

    private FixedPointCodec Codec(CollabSpec spec) =>
        _codec ??= new FixedPointCodec(spec.LossClip, CollabSpec.RingBits, spec.Workers.Length);

    // Applies every deadline that has passed; true if the state changed (and must be written).
    private bool ApplyDeadlines()
    {
        var s = state.State;
        if (s.Spec is not { } spec)
        {
            return false;
        }

        bool changed = false;
        while (s.Deadline is { } deadline && Now >= deadline)
        {
            changed = true;
            if (s.Phase == CollabPhase.Joining)
            {
                FixMembership(spec);
                continue;
            }

            var missing = s.Members.Where(m => !s.Submitted.Contains(m, StringComparer.Ordinal)).ToList();
            s.Dropped.AddRange(missing);
            SortByRoster(s.Dropped, spec);
            var remaining = s.Submitted.ToList();
            SortByRoster(remaining, spec);
            StartAttempt(spec, remaining);
        }

        return changed;
    }

    private void FixMembership(CollabSpec spec)
    {
        var s = state.State;
        s.Dropped = spec.Workers.Where(w => !s.Joined.Contains(w, StringComparer.Ordinal)).ToList();
        StartAttempt(spec, s.Joined.ToList());
    }

    private void StartAttempt(CollabSpec spec, List<string> members)
    {
        var s = state.State;
        if (members.Count < spec.MinMembers)
        {
            // Too few left: reconstructing their sum could reveal a single loss. Nobody updates in this step.
            s.Dropped = spec.Workers.Where(w => !members.Contains(w, StringComparer.Ordinal)).ToList();
            Finish(new CollabStepOutcome(s.Step, [], null, [.. s.Dropped], s.Attempt));
            return;
        }

        s.Phase = CollabPhase.Sharing;
        s.Attempt++;
        s.Members = members;
        s.Submitted = [];
        s.Digests = [];
        s.Accumulator = 0;
        s.Deadline = Now + spec.StepDeadline;
    }

    private void Complete(CollabSpec spec)
    {
        var s = state.State;
        var codec = Codec(spec);
        double sum = codec.ToSignedInteger(s.Accumulator) / codec.Scale;
        Finish(new CollabStepOutcome(s.Step, [.. s.Members], sum / s.Members.Count, [.. s.Dropped], s.Attempt));
    }

    private void Finish(CollabStepOutcome outcome)
    {
        var s = state.State;
        s.LastOutcome = outcome;
        s.Step++;
        s.Attempt = 0;
        s.Phase = CollabPhase.Joining;
        s.Joined = [];
        s.Members = [];
        s.Submitted = [];
        s.Digests = [];
        s.Dropped = [];
        s.Accumulator = 0;
        s.Deadline = null;
    }

    private CollabStepView View()
    {
        var s = state.State;
        return new CollabStepView(s.Phase, s.Step, s.Attempt, [.. s.Joined], [.. s.Members], [.. s.Submitted],
            s.Deadline ?? DateTimeOffset.MaxValue, s.LastOutcome);
    }

    private void StartTimer(CollabSpec spec)
    {
        if (_timer is not null)
        {
            return;
        }

        var period = TimeSpan.FromTicks(Math.Clamp(spec.StepDeadline.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(1).Ticks));
        _timer = RegisterGrainTimer(async _ => await WriteIfAsync(ApplyDeadlines()), period, period);
    }

    private CollabSpec RequireSpec() =>
        state.State.Spec ?? throw new InvalidRequestException("The campaign's FedCollabNN step grain has not been opened.");

    private static void RequireWorker(CollabSpec spec, string? worker)
    {
        if (worker is null || !spec.Workers.Contains(worker, StringComparer.Ordinal))
        {
            throw new InvalidRequestException($"'{worker}' is not a worker of this campaign.");
        }
    }

    private static void SortByRoster(List<string> workers, CollabSpec spec) =>
        workers.Sort((a, b) => spec.Workers.IndexOf(a).CompareTo(spec.Workers.IndexOf(b)));

    private static long Digest(CollabShareSubmission submission) =>
        unchecked((long)(submission.SiloShare * 0x9E3779B97F4A7C15UL ^ (submission.PartialSum + 0xD1B54A32D192ED03UL)));

    private async Task WriteIfAsync(bool changed)
    {
        if (changed)
        {
            await WriteAsync();
        }
    }

    private Task WriteAsync() => WriteStateOrDeactivateAsync(state);

    internal static void Validate(CollabSpec spec)
    {
        if (spec.Workers.IsDefault || spec.Workers.Length < 2 || spec.Workers.Any(w => !GrainKeys.IsParticipantId(w))
            || spec.Workers.Distinct(StringComparer.Ordinal).Count() != spec.Workers.Length)
        {
            throw new InvalidRequestException("The roster needs at least 2 distinct worker ids of the participant-id form (p and digits).");
        }

        if (spec.MinMembers < 2 || spec.MinMembers > spec.Workers.Length)
        {
            throw new InvalidRequestException($"The minimum members must lie in [2, {spec.Workers.Length}] (the roster size); got {spec.MinMembers}.");
        }

        if (spec.StepDeadline <= TimeSpan.Zero || spec.StepDeadline > MaxDeadline)
        {
            throw new InvalidRequestException($"The step deadline must lie in (0, {MaxDeadline}]; got {spec.StepDeadline}.");
        }

        if (!double.IsFinite(spec.LossClip) || !(spec.LossClip > 0))
        {
            throw new InvalidRequestException($"The loss clip must be positive and finite; got {spec.LossClip}.");
        }
    }
}
