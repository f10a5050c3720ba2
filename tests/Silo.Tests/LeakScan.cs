using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using OrleansFed.Silo.Hosting;

namespace OrleansFed.Silo.Tests;

/// <summary>
/// The "no individual update in the clear" check of the secure-aggregation modes: a silo on SQLite in a temporary
/// directory with every log line, span and measurement captured, and a scan of its files and telemetry for the forms an
/// update could be stored or printed in.
/// </summary>
internal static class LeakScan
{
    /// <summary>Starts a silo storing in <paramref name="directory"/> and logging at trace level into <paramref name="capture"/>.</summary>
    public static Task<RunningSilo> StartSqliteSiloAsync(DirectoryInfo directory, TelemetryCapture capture) => RunningSilo.StartAsync(
        o =>
        {
            o.Storage = StorageKind.Sqlite;
            o.DataDirectory = directory.FullName;
        },
        b =>
        {
            b.Logging.AddProvider(capture);
            b.Logging.SetMinimumLevel(LogLevel.Trace);
        });

    /// <summary>Every file the silo left in <paramref name="directory"/>, as bytes.</summary>
    private static List<byte[]> StoredFiles(DirectoryInfo directory) =>
        Directory.EnumerateFiles(directory.FullName, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList();

    /// <summary>
    /// Asserts that the silo's files in <paramref name="directory"/> hold the reconstructed <paramref name="sum"/> (so the
    /// scan can see vectors in the forms it searches) but neither files nor telemetry hold any party's delta or the vector
    /// it fed to the secure aggregation, in any of those forms.
    /// </summary>
    public static void AssertOnlyTheSumIsKept(DirectoryInfo directory, TelemetryCapture capture, uint[] sum, float[][] deltas, uint[][] inputs)
    {
        var stored = StoredFiles(directory);
        var telemetry = capture.Bytes();
        Assert.True(capture.Count > 50, $"only {capture.Count} log lines, spans and measurements were captured");
        Assert.Contains(stored, bytes => Forms(MemoryMarshal.AsBytes(sum.AsSpan()).ToArray()).Any(form => Contains(bytes, form)));
        for (var i = 0; i < deltas.Length; i++)
        {
            var forms = Forms(MemoryMarshal.AsBytes(deltas[i].AsSpan()).ToArray())
                .Concat(Forms(MemoryMarshal.AsBytes(inputs[i].AsSpan()).ToArray()))
                .Concat(TextForms(deltas[i]));
            foreach (var form in forms)
            {
                Assert.DoesNotContain(stored, bytes => Contains(bytes, form));
                Assert.False(Contains(telemetry, form), $"party {i}'s update appears in logs or telemetry");
            }
        }
    }

    /// <summary>
    /// Whether any grain state row the silo's database in <paramref name="directory"/> now holds carries
    /// <paramref name="vector"/> (the logical content, not the file's free pages or WAL frames, which SQLite does not zero).
    /// </summary>
    public static bool IsInCurrentState(DirectoryInfo directory, float[] vector)
    {
        var forms = Forms(MemoryMarshal.AsBytes(vector.AsSpan()).ToArray()).Concat(TextForms(vector)).ToList();
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(
            $"Data Source={Path.Combine(directory.FullName, "orleansfed.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM grain_state WHERE payload IS NOT NULL";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var payload = (byte[])reader[0];
            if (forms.Exists(form => Contains(payload, form)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Releases the SQLite files and deletes the directory (best effort).</summary>
    public static void Delete(DirectoryInfo directory)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>48-byte windows of a vector's little-endian bytes at several offsets, raw and base64 (JSON's byte[] form).</summary>
    private static IEnumerable<byte[]> Forms(byte[] vector)
    {
        foreach (var offset in new[] { 0, 12 * 4, 12 * 97, 12 * 1003, 12 * 2500 }.Where(o => o + 48 <= vector.Length))
        {
            var window = vector.AsSpan(offset, 48).ToArray();
            yield return window;
            yield return Encoding.ASCII.GetBytes(Convert.ToBase64String(window));
        }
    }

    /// <summary>A few coordinates printed as text, as a log line or span tag would carry them.</summary>
    private static IEnumerable<byte[]> TextForms(float[] delta) =>
        new[] { 5, 777, 4242 }.Where(j => j < delta.Length).Select(j => Encoding.UTF8.GetBytes(delta[j].ToString("R", CultureInfo.InvariantCulture)));

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
