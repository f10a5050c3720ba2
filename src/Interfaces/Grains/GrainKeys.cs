using System.Globalization;

namespace OrleansFed.Interfaces.Grains;

/// <summary>
/// The one place grain keys are composed. Campaign ids match <c>[a-z0-9-]{1,64}</c> and participant ids
/// <c>p[0-9]+</c>, so '/' separates the parts unambiguously.
/// </summary>
public static class GrainKeys
{
    /// <summary>Key of the single campaign registry grain.</summary>
    public const string Registry = "campaigns";

    /// <summary>Key of a campaign grain.</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <returns>The key.</returns>
    public static string Campaign(string campaignId) => campaignId;

    /// <summary>Key of one attempt of one round of a campaign.</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="round">Round number (1-based).</param>
    /// <param name="attempt">Attempt number (1-based).</param>
    /// <returns>The key, e.g. <c>mnist-1/r3/a1</c>.</returns>
    public static string Round(string campaignId, int round, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{campaignId}/r{round}/a{attempt}");

    /// <summary>Key of the stored update of one participant in one round attempt.</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="round">Round number (1-based).</param>
    /// <param name="attempt">Attempt number (1-based).</param>
    /// <param name="participantId">Participant id.</param>
    /// <returns>The key, e.g. <c>mnist-1/r3/a1/p2</c>.</returns>
    public static string Update(string campaignId, int round, int attempt, string participantId) =>
        string.Create(CultureInfo.InvariantCulture, $"{campaignId}/r{round}/a{attempt}/{participantId}");

    /// <summary>Key of a participant grain.</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="participantId">Participant id.</param>
    /// <returns>The key, e.g. <c>mnist-1/p2</c>.</returns>
    public static string Participant(string campaignId, string participantId) => $"{campaignId}/{participantId}";

    /// <summary>Key of a campaign's privacy ledger grain.</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <returns>The key, e.g. <c>mnist-1</c>.</returns>
    public static string CampaignLedger(string campaignId) => campaignId;

    /// <summary>Key of one participant's privacy ledger grain within a campaign.</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="participantId">Participant id.</param>
    /// <returns>The key, e.g. <c>mnist-1/p2</c>.</returns>
    public static string ParticipantLedger(string campaignId, string participantId) => $"{campaignId}/{participantId}";

    /// <summary>The participant id with the given enrollment number.</summary>
    /// <param name="number">1-based enrollment number.</param>
    /// <returns>The id, e.g. <c>p2</c>.</returns>
    public static string ParticipantId(int number) => string.Create(CultureInfo.InvariantCulture, $"p{number}");

    /// <summary>Whether <paramref name="participantId"/> has the shape of a participant id (<c>p</c> and digits).</summary>
    /// <param name="participantId">Candidate id.</param>
    /// <returns><see langword="true"/> if well-formed.</returns>
    public static bool IsParticipantId(string? participantId)
    {
        if (participantId is null || participantId.Length < 2 || participantId.Length > 12 || participantId[0] != 'p')
        {
            return false;
        }

        foreach (var c in participantId.AsSpan(1))
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="campaignId"/> matches <c>[a-z0-9-]{1,64}</c>.</summary>
    /// <param name="campaignId">Candidate id.</param>
    /// <returns><see langword="true"/> if well-formed.</returns>
    public static bool IsCampaignId(string? campaignId)
    {
        if (string.IsNullOrEmpty(campaignId) || campaignId.Length > 64)
        {
            return false;
        }

        foreach (var c in campaignId)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
