using System.Globalization;
using Microsoft.Extensions.Logging;

namespace OrleansFed.Cli.Simulation.Pate;

/// <summary>The body of <c>simulate --protocol pate</c>: runs <see cref="PateRunner"/>, prints a summary, writes the report.</summary>
internal static class PateSimulation
{
    public static async Task<int> RunAsync(PateSettings settings, string? reportPath, bool verbose, CancellationToken ct)
    {
        var runner = new PateRunner(settings, line => Console.Error.WriteLine(line), verbose ? LogLevel.Information : LogLevel.Warning);
        var report = await runner.RunAsync(ct).ConfigureAwait(false);
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"pate {report.Aggregator}: {report.QueriesAnswered}/{report.QueriesOffered} queries answered, label accuracy {report.LabelAccuracy:P2}, "
            + $"teachers {report.TeacherTestAccuracy:P2}, student test accuracy {report.StudentTestAccuracy:P2}, "
            + $"ε = {report.Epsilon:F3} at δ = {report.Delta:G3} ({report.WallSeconds:F1} s)")).ConfigureAwait(false);
        if (reportPath is not null)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(reportPath));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            await File.WriteAllTextAsync(reportPath, report.ToJson() + Environment.NewLine, ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"report written to {reportPath}").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}
