using System.Globalization;
using Microsoft.Extensions.Logging;

namespace OrleansFed.Cli.Simulation.Collab;

/// <summary>The body of <c>simulate --protocol fedcollab</c>: runs <see cref="CollabRunner"/>, prints a summary, writes the report.</summary>
internal static class CollabSimulation
{
    public static async Task<int> RunAsync(CollabSettings settings, string? reportPath, bool verbose, CancellationToken ct)
    {
        var runner = new CollabRunner(settings, line => Console.Error.WriteLine(line), verbose ? LogLevel.Information : LogLevel.Warning);
        var report = await runner.RunAsync(ct).ConfigureAwait(false);
        int last = report.Epochs - 1;
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"fedcollab {report.Clients} workers, {report.Epochs} epochs: ensemble test accuracy {report.EnsembleTestAccuracy[last]:P2}, "
            + $"best worker {report.BestWorkerTestAccuracy[last]:P2}, mean worker {report.MeanWorkerTestAccuracy[last]:P2}; "
            + $"{report.Steps} steps, {report.DroppedWorkerSteps} worker-steps dropped, {report.SkippedSteps} skipped ({report.WallSeconds:F1} s)")).ConfigureAwait(false);
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
