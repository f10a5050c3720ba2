using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.SecProbe;

namespace OrleansFed.Grains.SecProbe;

/// <summary>A round's claims: places held for participants before they train (see <see cref="ISecProbeRoundGrain.ClaimAsync"/>).</summary>
public sealed partial class SecProbeRoundGrain
{
    /// <summary>Live claims: participant → expiry. In memory only (see <see cref="ISecProbeRoundGrain.ClaimAsync"/>).</summary>
    private readonly Dictionary<string, DateTimeOffset> _claims = new(StringComparer.Ordinal);

    Task<SecProbeClaim> ISecProbeRoundGrain.ClaimAsync(string participantId)
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
            return Task.FromResult(new SecProbeClaim(true, false, 0, 0));
        }

        if (state.State.Result is not null || state.State.Closed)
        {
            return Task.FromResult(new SecProbeClaim(false, true, 0, 0));
        }

        if (_claims.TryGetValue(participantId, out var held) && held > now)
        {
            return Task.FromResult(new SecProbeClaim(true, false, 0, (held - now).TotalSeconds));
        }

        if (state.State.Accepted.Count + LiveClaims(participantId, now) < spec.Accept)
        {
            _claims[participantId] = now + spec.ClaimTimeout;
            return Task.FromResult(new SecProbeClaim(true, false, 0, spec.ClaimTimeout.TotalSeconds));
        }

        var earliest = _claims.Values.Where(expiry => expiry > now).Min();
        return Task.FromResult(new SecProbeClaim(false, false, (earliest - now).TotalSeconds, 0));
    }

    Task ISecProbeRoundGrain.ReleaseClaimAsync(string participantId)
    {
        _claims.Remove(participantId);
        return Task.CompletedTask;
    }

    /// <summary>Claims by others that have not lapsed (a claimant that uploaded no longer holds one).</summary>
    private int LiveClaims(string except, DateTimeOffset now)
    {
        int live = 0;
        foreach (var (participant, expiry) in _claims)
        {
            live += participant != except && expiry > now ? 1 : 0;
        }

        return live;
    }
}
