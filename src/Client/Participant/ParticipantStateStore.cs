using System.Text;
using System.Text.Json;
using OrleansFed.Client.Http;
using OrleansFed.Interfaces.Wire;

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

    public void Save(ParticipantCredential credential) => WriteAtomically(_path, JsonSerializer.SerializeToUtf8Bytes(
        new StoredEnrollment(credential.CampaignId, credential.ParticipantId, credential.Token), ApiJson.Options));

    /// <summary>
    /// Keeps the SecProbe upload about to be sent for <paramref name="round"/> (written before it is sent), so a restarted
    /// node sends the same weights again instead of training — and releasing — a second noisy upload for that round.
    /// </summary>
    public void SaveSecProbeUpload(int round, ReadOnlySpan<float> weights) =>
        WriteAtomically(SecProbeUploadPath, TensorWire.EncodeModel(round - 1L, weights));

    /// <summary>The stored SecProbe upload, as (round, weights), or <see langword="null"/> when none is stored or it does not parse.</summary>
    public (int Round, float[] Weights)? LoadSecProbeUpload()
    {
        if (!File.Exists(SecProbeUploadPath))
        {
            return null;
        }

        try
        {
            var model = TensorWire.DecodeModel(File.ReadAllBytes(SecProbeUploadPath));
            return model.ModelVersion < int.MaxValue ? ((int)model.ModelVersion + 1, model.Weights.ToArray()) : null;
        }
        catch (TensorWireException)
        {
            return null;
        }
    }

    private string SecProbeUploadPath => _path + ".secprobe-upload";

    private static void WriteAtomically(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
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

        File.Move(temp, path, overwrite: true);
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
