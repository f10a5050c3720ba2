using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.SecProbe;

namespace OrleansFed.Grains.SecProbe;

/// <summary>A round's claims: places held for participants before they train (see <see cref="ISecProbeRoundGrain.ClaimAsync"/>).</summary>
public sealed partial class SecProbeRoundGrain
{
    /// <summary>Claims: participant → expiry, in the durable state (see <see cref="ISecProbeRoundGrain.ClaimAsync"/>).</summary>
    private Dictionary<string, DateTimeOffset> Claims => state.State.Claims;

    async Task<SecProbeClaim> ISecProbeRoundGrain.ClaimAsync(string participantId)
    {
        var spec = state.State.Spec ?? throw new InvalidRequestException("The SecProbe round is not open.");
        if (!GrainKeys.IsParticipantId(participantId))
        {
            throw new InvalidRequestException("The participant id is malformed.");
        }

        if (spec.ClaimTimeout <= TimeSpan.Zero)
        {
            throw new InvalidRequestException("This SecProbe round takes no claims.");
        }

        var now = TimeProvider.GetUtcNow();
        if (state.State.Accepted.Contains(participantId))
        {
            return new SecProbeClaim(true, false, 0, 0);
        }

        if (state.State.Result is not null || state.State.Closed)
        {
            return new SecProbeClaim(false, true, 0, 0);
        }

        if (Claims.TryGetValue(participantId, out var held) && held > now)
        {
            return new SecProbeClaim(true, false, 0, (held - now).TotalSeconds);
        }

        if (state.State.Accepted.Count + LiveClaims(participantId, now) < spec.Accept)
        {
            // Durable before it is granted, so a restarted silo still keeps the place for this participant (a failed
            // write deactivates the grain: memory never runs ahead of storage). Lapsed claims go in the same write.
            foreach (var lapsed in Claims.Where(c => c.Value <= now).Select(c => c.Key).ToList())
            {
                Claims.Remove(lapsed);
            }

            Claims[participantId] = now + spec.ClaimTimeout;
            await WriteAsync();
            return new SecProbeClaim(true, false, 0, spec.ClaimTimeout.TotalSeconds);
        }

        var earliest = Claims.Values.Where(expiry => expiry > now).Min();
        return new SecProbeClaim(false, false, (earliest - now).TotalSeconds, 0);
    }

    async Task ISecProbeRoundGrain.ReleaseClaimAsync(string participantId)
    {
        if (Claims.Remove(participantId))
        {
            await WriteAsync();
        }
    }

    /// <summary>Claims by others that have not lapsed (a claimant that uploaded no longer holds one).</summary>
    private int LiveClaims(string except, DateTimeOffset now)
    {
        int live = 0;
        foreach (var (participant, expiry) in Claims)
        {
            live += participant != except && expiry > now ? 1 : 0;
        }

        return live;
    }
}
