using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OrleansFed.Grains.Participants;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Runtime;
using OrleansFed.Silo.Hosting;

namespace OrleansFed.Silo.Api;

/// <summary>Bearer-token checks: the admin token (constant-time) and participant tokens (checked by their grain).</summary>
internal sealed class SiloAuth
{
    private readonly byte[]? _adminHash;
    private readonly IGrainFactory _grains;

    public SiloAuth(IOptions<SiloOptions> options, IGrainFactory grains)
    {
        _grains = grains;
        var admin = options.Value.AdminToken;
        _adminHash = string.IsNullOrEmpty(admin) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(admin));
    }

    /// <summary>Whether admin endpoints are open (no admin token configured).</summary>
    public bool AdminOpen => _adminHash is null;

    public bool IsAdmin(HttpContext context)
    {
        if (_adminHash is null)
        {
            return true;
        }

        var token = BearerToken(context);
        if (token is null)
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return CryptographicOperations.FixedTimeEquals(presented, _adminHash);
    }

    /// <summary>Returns the participant id the bearer token belongs to, or <see langword="null"/>.</summary>
    public async Task<string?> AuthenticateParticipantAsync(HttpContext context, string campaignId)
    {
        var token = BearerToken(context);
        if (!ParticipantToken.TryGetParticipantId(token, out var participantId))
        {
            return null;
        }

        var grain = _grains.GetGrain<IParticipantGrain>(GrainKeys.Participant(campaignId, participantId));
        return await grain.AuthenticateAsync(token!) ? participantId : null;
    }

    private static string? BearerToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
