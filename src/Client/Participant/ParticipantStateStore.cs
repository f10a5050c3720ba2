using System.Text;
using System.Text.Json;
using OrleansFed.Client.Http;

namespace OrleansFed.Client.Participant;

/// <summary>
/// Keeps a participant's enrollment in a small JSON file so a restarted client keeps its identity. The file holds a
/// bearer secret: it is written atomically and, on Unix, readable by its owner only.
/// </summary>
internal sealed class ParticipantStateStore
{
    private readonly string _path;

    public ParticipantStateStore(string directory, string campaignId, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _path = Path.Combine(directory, $"participant-{Sanitize(campaignId)}-{Sanitize(name)}.json");
    }

    public string FilePath => _path;

    public ParticipantCredential? Load(string campaignId)
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        try
        {
            var stored = JsonSerializer.Deserialize<StoredEnrollment>(File.ReadAllBytes(_path), ApiJson.Options);
            return stored is { ParticipantId.Length: > 0, Token.Length: > 0 } && stored.CampaignId == campaignId
                ? new ParticipantCredential(stored.CampaignId, stored.ParticipantId, stored.Token)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(ParticipantCredential credential)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temp = _path + ".tmp";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(
            new StoredEnrollment(credential.CampaignId, credential.ParticipantId, credential.Token), ApiJson.Options);
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

    public void Delete() => File.Delete(_path);

    private static string Sanitize(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return builder.ToString();
    }

    private sealed record StoredEnrollment(string CampaignId, string ParticipantId, string Token);
}
