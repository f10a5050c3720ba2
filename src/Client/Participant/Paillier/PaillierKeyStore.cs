using System.Numerics;
using System.Text;
using System.Text.Json;
using OrleansFed.Client.Http;

namespace OrleansFed.Client.Participant.Paillier;

/// <summary>
/// Keeps the key holder's Paillier private key (p, q) in a JSON file next to the participant's enrollment, so a
/// restarted key holder can still decrypt. Written atomically (temp file, flush, rename) and, on Unix, readable by its
/// owner only. The key is saved before its public half is published.
/// </summary>
internal sealed class PaillierKeyStore
{
    private readonly string _path;

    public PaillierKeyStore(string directory, string campaignId, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _path = Path.Combine(directory, $"paillier-key-{Sanitize(campaignId)}-{Sanitize(name)}.json");
    }

    public string FilePath => _path;

    public (BigInteger N, BigInteger P, BigInteger Q)? Load(string campaignId)
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        try
        {
            var stored = JsonSerializer.Deserialize<StoredKey>(File.ReadAllBytes(_path), ApiJson.Options);
            if (stored is null || stored.CampaignId != campaignId)
            {
                return null;
            }

            return (FromBase64(stored.Modulus), FromBase64(stored.P), FromBase64(stored.Q));
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null;
        }
    }

    public void Save(string campaignId, BigInteger n, BigInteger p, BigInteger q)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temp = _path + ".tmp";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new StoredKey(campaignId, ToBase64(n), ToBase64(p), ToBase64(q)), ApiJson.Options);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
    }

    private static string ToBase64(BigInteger value) => Convert.ToBase64String(value.ToByteArray(isUnsigned: true, isBigEndian: true));

    private static BigInteger FromBase64(string value) => new(Convert.FromBase64String(value), isUnsigned: true, isBigEndian: true);

    private static string Sanitize(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return builder.ToString();
    }

    private sealed record StoredKey(string CampaignId, string Modulus, string P, string Q);
}
