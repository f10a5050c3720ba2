using System.Collections.Immutable;
using OrleansFed.Grains.Ledger;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.SecProbe;
using OrleansFed.Privacy.Accounting;
using OrleansFed.Privacy.Mechanisms;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.SecProbe;

/// <summary>
/// One SecProbe round (Algorithm 2; see <see cref="ISecProbeRoundGrain"/>). The M-th acceptance scores, selects and
/// averages in the same turn and writes everything in one state write, so a crash before it leaves the round collecting
/// (the M-th upload is then not acknowledged and is offered again) and a repeat after it returns the stored result.
/// Ledger entries are idempotent by round, recorded after the write: each upload that reaches the round at once (a
/// stopped one too), the selection when made (and again on any later read of the result, so a crash between the write
/// and the ledger is mended).
/// </summary>
[GrainType("secprobe-round")]
public sealed partial class SecProbeRoundGrain(
    [PersistentState("secprobe")] IPersistentState<SecProbeRoundState> state,
    ISecProbeValidatorResolver validators) : Grain, ISecProbeRoundGrain
{
    async Task<SecProbeRoundStatus> ISecProbeRoundGrain.OpenAsync(SecProbeRoundSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (state.State.Spec is { } existing)
        {
            return Same(existing, spec)
                ? Status()
                : throw new InvalidRequestException("The SecProbe round is already open with different settings.");
        }

        Validate(spec);
        validators.Resolve(spec);
        state.State.Spec = spec with { GlobalWeights = (float[])spec.GlobalWeights.Clone() };
        await WriteAsync();
        return Status();
    }

    private bool _uploadsCleared;

    Task<SecProbeRoundStatus> ISecProbeRoundGrain.GetStatusAsync() => Task.FromResult(Status());

    async Task<SecProbeRoundStatus> ISecProbeRoundGrain.CloseAsync()
    {
        if (state.State.Spec is not null && state.State.Result is null && !state.State.Closed)
        {
            state.State.Closed = true;
            state.State.Claims.Clear();
            await WriteAsync();
        }

        if (state.State.Closed)
        {
            await ClearUploadsAsync();
        }

        return Status();
    }

    async Task ISecProbeRoundGrain.CompactAsync()
    {
        if (state.State.Spec is { GlobalWeights.Length: > 0 } spec && state.State.Result is { } result)
        {
            state.State.Spec = spec with { GlobalWeights = [] };
            state.State.Result = result with { NewGlobalWeights = [], AllAcceptedAverage = [] };
            await WriteAsync();
        }
    }

    async Task<SecProbeUploadReceipt> ISecProbeRoundGrain.UploadAsync(string participantId, float[] weights)
    {
        var spec = state.State.Spec ?? throw new InvalidRequestException("The SecProbe round is not open.");
        if (!GrainKeys.IsParticipantId(participantId))
        {
            throw new InvalidRequestException("The participant id is malformed.");
        }

        int earlier = state.State.Accepted.IndexOf(participantId);
        if (earlier >= 0)
        {
            // Recording is idempotent: a crash after the state write and before the ledger writes is mended here.
            await RecordPrivacyAsync(spec, participantId);
            return new SecProbeUploadReceipt(true, earlier + 1, false);
        }

        // Closed, full, or every remaining place is held by another participant's live claim. The upload is discarded
        // unread, but it did reach the silo, so it is charged like an accepted one.
        if (state.State.Closed || state.State.Accepted.Count + LiveClaims(participantId, TimeProvider.GetUtcNow()) >= spec.Accept)
        {
            await RecordPrivacyAsync(spec, participantId);
            return new SecProbeUploadReceipt(false, 0, true);
        }

        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != spec.GlobalWeights.Length)
        {
            throw new InvalidRequestException($"Expected {spec.GlobalWeights.Length} weights, got {weights.Length}.");
        }

        foreach (float w in weights)
        {
            if (!float.IsFinite(w))
            {
                throw new InvalidRequestException("The weights hold a NaN or infinite value.");
            }
        }

        // The upload is durable on its own before the round counts it; a crash in between leaves a record that the
        // participant's retry overwrites.
        await UploadGrain(participantId).StoreAsync(weights);
        state.State.Accepted.Add(participantId);
        state.State.Claims.Remove(participantId);
        if (state.State.Accepted.Count == spec.Accept)
        {
            try
            {
                state.State.Result = Select(spec, await LoadUploadsAsync());
                state.State.Claims.Clear(); // full: no place is left to hold
            }
            catch
            {
                // Nothing was written: memory is ahead of storage.
                DeactivateOnIdle();
                throw;
            }
        }

        await WriteAsync();
        await RecordPrivacyAsync(spec, participantId);
        if (state.State.Result is not null)
        {
            await ClearUploadsAsync();
        }

        return new SecProbeUploadReceipt(true, state.State.Accepted.Count, false);
    }

    private ISecProbeUploadGrain UploadGrain(string participantId) =>
        GrainFactory.GetGrain<ISecProbeUploadGrain>(SecProbeKeys.Upload(GetPrimaryKeyString(), participantId));

    private async Task<List<float[]>> LoadUploadsAsync()
    {
        var uploads = new List<float[]>(state.State.Accepted.Count);
        foreach (var participant in state.State.Accepted)
        {
            uploads.Add(await UploadGrain(participant).GetAsync());
        }

        return uploads;
    }

    /// <summary>
    /// The selection (or the close) is durable and holds everything later rounds need: the uploads can go. Once per
    /// activation; a crash before it leaves them until the result is next read.
    /// </summary>
    private async Task ClearUploadsAsync()
    {
        if (_uploadsCleared)
        {
            return;
        }

        foreach (var participant in state.State.Accepted)
        {
            await UploadGrain(participant).ClearAsync();
        }

        _uploadsCleared = true;
    }

    async Task<SecProbeRoundResult?> ISecProbeRoundGrain.GetResultAsync()
    {
        if (state.State.Spec is { } spec && state.State.Result is not null)
        {
            await RecordSelectionAsync(spec);
            await ClearUploadsAsync();
        }

        return state.State.Result;
    }

    private SecProbeRoundResult Select(SecProbeRoundSpec spec, List<float[]> uploads)
    {
        var validator = validators.Resolve(spec);
        var scores = new double[uploads.Count];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = validator.Score(uploads[i]);
        }

        int[] chosen = !spec.Exponential ? UniformChoice(scores.Length, spec.Select)
            : spec.JointSelection ? new ExponentialMechanism(spec.Select * spec.SelectionEpsilon, spec.UtilitySensitivity).SelectSubset(scores, spec.Select)
            : new ExponentialMechanism(spec.SelectionEpsilon, spec.UtilitySensitivity).SelectTopK(scores, spec.Select);
        var selected = ImmutableArray.CreateBuilder<string>(chosen.Length);
        foreach (int i in chosen)
        {
            selected.Add(state.State.Accepted[i]);
        }

        var all = new int[uploads.Count];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = i;
        }

        return new SecProbeRoundResult(
            spec.Round,
            [.. state.State.Accepted],
            [.. scores],
            selected.MoveToImmutable(),
            Average(uploads, chosen, spec),
            Average(uploads, all, spec));
    }

    private static int[] UniformChoice(int count, int select)
    {
        var random = new CryptoRandomSource();
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        for (int i = count - 1; i > 0; i--)
        {
            int j = (int)random.NextUInt64((ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order[..select];
    }

    private static float[] Average(List<float[]> uploads, int[] which, SecProbeRoundSpec spec)
    {
        int length = uploads[0].Length;
        var sum = new double[length];
        foreach (int i in which)
        {
            var upload = uploads[i];
            for (int j = spec.AverageFrom; j < length; j++)
            {
                sum[j] += upload[j];
            }
        }

        var mean = new float[length];
        spec.GlobalWeights.AsSpan(0, spec.AverageFrom).CopyTo(mean);
        for (int j = spec.AverageFrom; j < length; j++)
        {
            mean[j] = (float)(sum[j] / which.Length);
        }

        return mean;
    }

    /// <summary>
    /// Every upload that reaches the round — accepted, or told to stop — is charged to its participant at once (ε₂;
    /// whether or not the round ever selects), and the selection, once made, to the campaign. Entries are idempotent by
    /// round.
    /// </summary>
    private async Task RecordPrivacyAsync(SecProbeRoundSpec spec, string participantId)
    {
        await GrainFactory.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger(spec.CampaignId, participantId))
            .RecordAsync(SecProbeKeys.LedgerEntry(spec.Round), new PureDpEvent(spec.ParticipantEpsilon));
        if (state.State.Result is not null)
        {
            await RecordSelectionAsync(spec);
        }
    }

    private async Task RecordSelectionAsync(SecProbeRoundSpec spec)
    {
        if (spec.Exponential)
        {
            // K successive draws of ε₁ each (Kε₁ by basic composition), or one joint draw of budget Kε₁.
            await GrainFactory.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger(spec.CampaignId))
                .RecordAsync(SecProbeKeys.LedgerEntry(spec.Round), spec.JointSelection
                    ? new PureDpEvent(spec.Select * spec.SelectionEpsilon)
                    : new PureDpEvent(spec.SelectionEpsilon, spec.Select));
        }
    }

    private SecProbeRoundStatus Status()
    {
        var spec = state.State.Spec;
        if (spec is null)
        {
            return new SecProbeRoundStatus(0, SecProbeRoundStatus.NotOpened, 0, 0, []);
        }

        string phase = state.State.Result is not null ? SecProbeRoundStatus.Selected
            : state.State.Closed ? SecProbeRoundStatus.Closed
            : SecProbeRoundStatus.Collecting;
        return new SecProbeRoundStatus(spec.Round, phase, state.State.Accepted.Count, spec.Accept, spec.GlobalWeights);
    }

    private static bool Same(SecProbeRoundSpec a, SecProbeRoundSpec b) =>
        a with { GlobalWeights = [] } == b with { GlobalWeights = [] } && a.GlobalWeights.AsSpan().SequenceEqual(b.GlobalWeights);

    private static void Validate(SecProbeRoundSpec spec)
    {
        if (!GrainKeys.IsCampaignId(spec.CampaignId) && !SecProbeKeys.IsScope(spec.CampaignId))
        {
            throw new InvalidRequestException("The campaign id is malformed.");
        }

        if (spec.Round < 1 || spec.Accept < 1 || spec.Select < 1 || spec.Select > spec.Accept)
        {
            throw new InvalidRequestException("A SecProbe round needs round ≥ 1 and 1 ≤ K ≤ M.");
        }

        if (!(spec.SelectionEpsilon > 0) || !double.IsFinite(spec.SelectionEpsilon)
            || !(spec.ParticipantEpsilon > 0) || !double.IsFinite(spec.ParticipantEpsilon)
            || !(spec.UtilitySensitivity > 0) || !double.IsFinite(spec.UtilitySensitivity))
        {
            throw new InvalidRequestException("ε₁, ε₂ and Δu must be positive and finite.");
        }

        if (spec.GlobalWeights is not { Length: > 0 } || Array.Exists(spec.GlobalWeights, w => !float.IsFinite(w)))
        {
            throw new InvalidRequestException("The global weights must be a non-empty vector of finite values.");
        }

        if (spec.JointSelection && !spec.Exponential)
        {
            throw new InvalidRequestException("The joint selection is an exponential mechanism; it needs Exponential.");
        }

        if (spec.ClaimTimeout < TimeSpan.Zero)
        {
            throw new InvalidRequestException("The claim timeout must not be negative.");
        }

        if (spec.AverageFrom < 0 || spec.AverageFrom >= spec.GlobalWeights.Length)
        {
            throw new InvalidRequestException("AverageFrom must index into the weights.");
        }
    }

    private Task WriteAsync() => WriteStateOrDeactivateAsync(state);
}
