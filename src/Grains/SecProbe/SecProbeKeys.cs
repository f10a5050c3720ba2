using System.Globalization;
using OrleansFed.Interfaces.Grains;

namespace OrleansFed.Grains.SecProbe;

/// <summary>Grain keys of SecProbe, composed in one place.</summary>
public static class SecProbeKeys
{
    /// <summary>The key of round <paramref name="round"/> of campaign <paramref name="campaignId"/>.</summary>
    /// <param name="campaignId">Campaign.</param>
    /// <param name="round">Round, 1-based.</param>
    public static string Round(string campaignId, int round) =>
        string.Create(CultureInfo.InvariantCulture, $"{campaignId}/secprobe/{round}");

    /// <summary>The key of <paramref name="participantId"/>'s upload to the round whose key is <paramref name="roundKey"/>.</summary>
    /// <param name="roundKey">A <see cref="Round"/> key.</param>
    /// <param name="participantId">The uploader.</param>
    public static string Upload(string roundKey, string participantId) => $"{roundKey}/{participantId}";

    /// <summary>The key of the campaign registry that lists this deployment's SecProbe campaigns.</summary>
    public const string Registry = "secprobe-campaigns";

    /// <summary>The key of the SecProbe campaign grain of <paramref name="campaignId"/>.</summary>
    /// <param name="campaignId">Campaign.</param>
    public static string Campaign(string campaignId) => campaignId + CampaignSuffix;

    /// <summary>
    /// The key scope of an HTTP SecProbe campaign's participants and privacy ledgers (<c>{id}/secprobe</c>, equal to its
    /// campaign grain's key): it cannot collide with an ordinary campaign of the same id, whose ids hold no '/'.
    /// </summary>
    /// <param name="campaignId">Campaign.</param>
    public static string Scope(string campaignId) => Campaign(campaignId);

    /// <summary>Whether <paramref name="key"/> is a <see cref="Scope"/> of a well-formed campaign id.</summary>
    /// <param name="key">The key.</param>
    public static bool IsScope(string? key) =>
        key is not null && key.EndsWith(CampaignSuffix, StringComparison.Ordinal) && GrainKeys.IsCampaignId(key[..^CampaignSuffix.Length]);

    /// <summary>The campaign id inside a <see cref="Campaign"/> key.</summary>
    /// <param name="key">The grain key.</param>
    public static string CampaignIdOf(string key) => key.EndsWith(CampaignSuffix, StringComparison.Ordinal)
        ? key[..^CampaignSuffix.Length]
        : throw new ArgumentException($"'{key}' is not a SecProbe campaign key.", nameof(key));

    /// <summary>The privacy-ledger entry of round <paramref name="round"/> (one per ledger and round, so recording is idempotent).</summary>
    /// <param name="round">Round, 1-based.</param>
    public static string LedgerEntry(int round) => string.Create(CultureInfo.InvariantCulture, $"{LedgerEntryPrefix}{round}");

    /// <summary>The round of a <see cref="LedgerEntry"/> id, or <see langword="null"/> for any other id.</summary>
    /// <param name="entryId">A ledger entry id.</param>
    public static int? RoundOfLedgerEntry(string entryId) =>
        entryId.StartsWith(LedgerEntryPrefix, StringComparison.Ordinal)
        && int.TryParse(entryId.AsSpan(LedgerEntryPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int round)
            ? round
            : null;

    private const string LedgerEntryPrefix = "secprobe-round-";

    private const string CampaignSuffix = "/secprobe";
}
