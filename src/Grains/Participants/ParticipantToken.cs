using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using OrleansFed.Interfaces.Grains;

namespace OrleansFed.Grains.Participants;

/// <summary>
/// Participant bearer tokens: <c>{participantId}.{secret}</c>, where the secret is 256 random bits (base64url).
/// The id prefix routes the check to the right participant grain, which compares SHA-256 hashes in constant time;
/// only the hash is ever stored.
/// </summary>
public static class ParticipantToken
{
    private const int SecretBytes = 32;

    /// <summary>Length of the base64url-encoded secret.</summary>
    public const int SecretLength = 43;

    /// <summary>Issues a new token for <paramref name="participantId"/>.</summary>
    /// <param name="participantId">The participant id.</param>
    /// <returns>The token (show it once) and its lower-case hex SHA-256 hash (store it).</returns>
    public static (string Token, string Hash) Issue(string participantId)
    {
        Span<byte> secret = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(secret);
        var token = participantId + "." + Base64Url.EncodeToString(secret);
        CryptographicOperations.ZeroMemory(secret);
        return (token, Hash(token));
    }

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The hash.</returns>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether <paramref name="token"/> matches <paramref name="storedHash"/>, compared in constant time.</summary>
    /// <param name="token">Presented token.</param>
    /// <param name="storedHash">Stored lower-case hex hash.</param>
    /// <returns><see langword="true"/> on a match.</returns>
    public static bool Matches(string token, string storedHash)
    {
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> stored = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), presented);
        if (storedHash.Length != 2 * SHA256.HashSizeInBytes ||
            Convert.FromHexString(storedHash, stored, out _, out var written) != System.Buffers.OperationStatus.Done ||
            written != SHA256.HashSizeInBytes)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(presented, stored);
    }

    /// <summary>Extracts the participant id from a well-formed token (without checking the secret).</summary>
    /// <param name="token">Presented token.</param>
    /// <param name="participantId">The id when well-formed.</param>
    /// <returns><see langword="true"/> if the token has the expected shape.</returns>
    public static bool TryGetParticipantId(string? token, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? participantId)
    {
        participantId = null;
        if (token is null)
        {
            return false;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || token.Length - dot - 1 != SecretLength)
        {
            return false;
        }

        var id = token[..dot];
        if (!GrainKeys.IsParticipantId(id))
        {
            return false;
        }

        participantId = id;
        return true;
    }
}
