using System.Globalization;

namespace OrleansFed.Runtime;

/// <summary>A stored state record: its version (the ETag) and its JSON payload, null once cleared (a tombstone keeps
/// the version so an old ETag can never match again).</summary>
internal readonly record struct StoredRecord(long Version, byte[]? Payload)
{
    public string ETag => FormatETag(Version);

    public static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses an ETag produced by <see cref="FormatETag"/>; anything else matches no record.</summary>
    public static bool TryParseETag(string? etag, out long version) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version);
}
