using System.Text;
using System.Text.Json;
using OrleansFed.Client.Http;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Privacy.Accounting;

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

    /// <summary>
    /// Keeps the node's own DP-SGD account — every run it sent (q, σ, steps) and the δ it is reported at — so a restarted
    /// node goes on counting from where it was. Kept when the node has to enroll afresh: the data, and its privacy
    /// loss, are the same.
    /// </summary>
    public void SavePrivacyAccount(IEnumerable<SubsampledGaussianEvent> runs, double delta) =>
        WriteAtomically(PrivacyAccountPath, JsonSerializer.SerializeToUtf8Bytes(
            new StoredPrivacyAccount(delta, [.. runs.Select(r => new StoredRun(r.SamplingRate, r.NoiseMultiplier, r.Steps))]), ApiJson.Options));

    /// <summary>The stored account, or <see langword="null"/> when none was written.</summary>
    /// <exception cref="InvalidOperationException">The file exists but cannot be read: starting again from zero would
    /// under-count, so the node refuses to go on.</exception>
    public (List<SubsampledGaussianEvent> Runs, double Delta)? LoadPrivacyAccount()
    {
        if (!File.Exists(PrivacyAccountPath))
        {
            return null;
        }

        try
        {
            var stored = JsonSerializer.Deserialize<StoredPrivacyAccount>(File.ReadAllBytes(PrivacyAccountPath), ApiJson.Options)
                ?? throw new JsonException("empty");
            return ([.. stored.Runs.Select(r => new SubsampledGaussianEvent(r.SamplingRate, r.NoiseMultiplier, r.Steps))], stored.Delta);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or NullReferenceException)
        {
            throw new InvalidOperationException(
                $"The node's privacy account {PrivacyAccountPath} cannot be read ({ex.Message}); starting again from zero would under-count its ε. Repair or remove it deliberately.", ex);
        }
    }

    private string PrivacyAccountPath => _path + ".privacy";

    /// <summary>
    /// Keeps a SecProbe node's own account: the ε₂ it released in each round (a round's uploads summed), written before
    /// each upload is sent, so a restarted node counts what it sent even where the silo's ledger missed it (a silo that
    /// crashed before charging it, or another silo).
    /// </summary>
    public void SaveSecProbeReleases(IReadOnlyDictionary<int, double> epsilonByRound) =>
        WriteAtomically(SecProbeAccountPath, JsonSerializer.SerializeToUtf8Bytes(
            new StoredSecProbeAccount([.. epsilonByRound.OrderBy(r => r.Key).Select(r => new StoredRelease(r.Key, r.Value))]), ApiJson.Options));

    /// <summary>The stored releases (round → ε₂), or an empty account when none was written.</summary>
    /// <exception cref="InvalidOperationException">The file exists but cannot be read: the node refuses to go on rather
    /// than under-count.</exception>
    public Dictionary<int, double> LoadSecProbeReleases()
    {
        if (!File.Exists(SecProbeAccountPath))
        {
            return [];
        }

        try
        {
            var stored = JsonSerializer.Deserialize<StoredSecProbeAccount>(File.ReadAllBytes(SecProbeAccountPath), ApiJson.Options)
                ?? throw new JsonException("empty");
            return stored.Releases.ToDictionary(r => r.Round, r => r.Epsilon);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or NullReferenceException)
        {
            throw new InvalidOperationException(
                $"The node's SecProbe privacy account {SecProbeAccountPath} cannot be read ({ex.Message}); going on without it could under-count its ε. Repair or remove it deliberately.", ex);
        }
    }

    private string SecProbeAccountPath => _path + ".secprobe-privacy";

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

    private sealed record StoredPrivacyAccount(double Delta, StoredRun[] Runs);

    private sealed record StoredRun(double SamplingRate, double NoiseMultiplier, long Steps);

    private sealed record StoredSecProbeAccount(StoredRelease[] Releases);

    private sealed record StoredRelease(int Round, double Epsilon);
}
