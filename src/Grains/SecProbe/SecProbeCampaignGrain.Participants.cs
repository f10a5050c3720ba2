using System.Globalization;
using OrleansFed.Grains.Campaigns;
using OrleansFed.Grains.Ledger;
using OrleansFed.Grains.Participants;
using OrleansFed.Grains.Telemetry;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.SecProbe;

namespace OrleansFed.Grains.SecProbe;

/// <summary>The participants' side of a SecProbe campaign: enrollment, claims, uploads and the per-participant ε cap.</summary>
public sealed partial class SecProbeCampaignGrain
{
    async Task<Enrollment> ISecProbeCampaignGrain.EnrollAsync(EnrollRequest request)
    {
        RequireSpec();
        if (state.State.Completed)
        {
            throw new CampaignEndedException($"The SecProbe campaign '{CampaignId}' has completed; it accepts no new participants.");
        }

        CampaignConfigValidator.ValidateEnrollment(request);
        var participantId = GrainKeys.ParticipantId(state.State.Enrolled + 1);
        var (token, hash) = ParticipantToken.Issue(participantId);
        // The participant record is durable before the campaign counts it; if the process dies in between, the token was
        // never returned and the next enrollment overwrites this id.
        await GrainFactory.GetGrain<IParticipantGrain>(GrainKeys.Participant(Scope, participantId))
            .RegisterAsync(new ParticipantRegistration(request.Name, request.SampleCount, hash, TimeProvider.GetUtcNow()));
        state.State.Enrolled++;
        await WriteAsync();
        GrainsLog.SecProbeEnrolled(logger, CampaignId, participantId, state.State.Enrolled);
        return new Enrollment { ParticipantId = participantId, Token = token };
    }

    async Task ISecProbeCampaignGrain.AdmitUploadAsync(string participantId, int round)
    {
        var spec = RequireSpec();
        await SyncAsync(spec);
        CheckRound(spec, participantId, round);
        await CheckBudgetAsync(spec, participantId, round);
    }

    async Task<SecProbeClaim> ISecProbeCampaignGrain.ClaimAsync(string participantId, int round)
    {
        var spec = RequireSpec();
        await SyncAsync(spec);
        bool finished = CheckRound(spec, participantId, round);
        if (!finished)
        {
            await CheckBudgetAsync(spec, participantId, round);
        }

        var claim = finished
            ? new SecProbeClaim(false, true, 0, 0)
            : await RoundGrain(round).ClaimAsync(participantId);
        if (!claim.Granted)
        {
            telemetry.ClaimsRefused.Add(1, new KeyValuePair<string, object?>("outcome", claim.Stop ? "stop" : "wait"));
        }

        return claim;
    }

    async Task ISecProbeCampaignGrain.ReleaseClaimAsync(string participantId, int round)
    {
        var spec = RequireSpec();
        await SyncAsync(spec);
        if (!CheckRound(spec, participantId, round))
        {
            await RoundGrain(round).ReleaseClaimAsync(participantId);
        }
    }

    async Task<SecProbeUploadReceipt> ISecProbeCampaignGrain.UploadAsync(string participantId, int round, float[] weights)
    {
        var spec = RequireSpec();
        ArgumentNullException.ThrowIfNull(weights);
        await SyncAsync(spec);
        bool finished = CheckRound(spec, participantId, round);
        await CheckBudgetAsync(spec, participantId, round);
        if (finished)
        {
            // A finished round answers as it did (an accepted participant's retry gets its receipt; anyone else: stop).
            return CountIfStopped(participantId, round, await RoundGrain(round).UploadAsync(participantId, weights));
        }

        int expected = state.State.Weights.Length;
        if (weights.Length != expected)
        {
            throw new WrongLengthException(string.Create(CultureInfo.InvariantCulture,
                $"Expected {expected} weights (the network's parameter count), got {weights.Length}."));
        }

        var receipt = await RoundGrain(round).UploadAsync(participantId, weights);
        if (receipt.Accepted)
        {
            if (receipt.Position > _accepted)
            {
                // A new acceptance (a repeat gets its earlier, lower position).
                telemetry.UpdatesAccepted.Add(1, new KeyValuePair<string, object?>("protocol", "secprobe"));
            }

            _accepted = Math.Max(_accepted, receipt.Position);
            if (receipt.Position == spec.Accept)
            {
                await AdvanceAsync(spec);
            }
        }

        return CountIfStopped(participantId, round, receipt);
    }

    /// <summary>
    /// Refuses a participant that another charge would take past the campaign's cap. A round already charged to it (its
    /// upload reached the silo) costs nothing more, so a retry is always answered.
    /// </summary>
    private async Task CheckBudgetAsync(SecProbeCampaignSpec spec, string participantId, int round)
    {
        if (spec.ParticipantEpsilonBudget is not { } cap)
        {
            return;
        }

        var ledger = GrainFactory.GetGrain<IPrivacyLedgerGrain>(GrainKeys.ParticipantLedger(Scope, participantId));
        string entry = SecProbeKeys.LedgerEntry(round);
        if ((await ledger.GetEntriesAsync()).Any(e => e.Id == entry))
        {
            return;
        }

        double spent = await ledger.GetEpsilonAsync("composition", 0);
        if (spent + spec.ParticipantEpsilon > cap * (1 + 1e-12))
        {
            GrainsLog.SecProbeBudgetRefused(logger, CampaignId, participantId, round, spent, cap);
            throw new SecProbeBudgetExhaustedException(string.Create(CultureInfo.InvariantCulture,
                $"Participant {participantId} has spent ε = {spent} of the campaign's cap {cap}; another upload (ε₂ = {spec.ParticipantEpsilon}) would exceed it."));
        }
    }

    /// <summary>Validates the participant and round; true for a finished round, false for the current one.</summary>
    private bool CheckRound(SecProbeCampaignSpec spec, string participantId, int round)
    {
        if (!GrainKeys.IsParticipantId(participantId))
        {
            throw new InvalidRequestException("The participant id is malformed.");
        }

        if (round < 1 || round > spec.Rounds)
        {
            throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                $"Round {round} does not exist; the campaign runs rounds 1 to {spec.Rounds}."));
        }

        if (round > state.State.Round)
        {
            throw new RoundClosedException(string.Create(CultureInfo.InvariantCulture,
                $"Round {round} has not started; the current round is {state.State.Round}."));
        }

        return round < state.State.Round || state.State.Completed;
    }

    /// <summary>
    /// Counts and logs an upload that came after its round was full (the round grain has charged its participant: the
    /// upload reached the silo).
    /// </summary>
    private SecProbeUploadReceipt CountIfStopped(string participantId, int round, SecProbeUploadReceipt receipt)
    {
        if (receipt.Stop)
        {
            telemetry.UploadsStopped.Add(1);
            GrainsLog.SecProbeUploadStopped(logger, CampaignId, round, participantId);
        }

        return receipt;
    }
}
