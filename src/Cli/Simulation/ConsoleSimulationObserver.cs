using System.Globalization;
using Spectre.Console;

namespace OrleansFed.Cli.Simulation;

/// <summary>
/// Shows a simulation's progress: one line per round, plus a live progress bar on an interactive terminal (plain lines
/// only when the output is redirected).
/// </summary>
internal sealed class ConsoleSimulationObserver : ISimulationObserver
{
    private readonly Lock _gate = new();
    private ProgressTask? _bar;

    /// <summary>Whether a live display can be drawn (an interactive terminal with ANSI support).</summary>
    public static bool Live => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive && AnsiConsole.Profile.Capabilities.Ansi;

    /// <summary>The bar to advance, while a live progress display runs.</summary>
    public ProgressTask? Bar
    {
        get
        {
            lock (_gate)
            {
                return _bar;
            }
        }

        set
        {
            lock (_gate)
            {
                _bar = value;
            }
        }
    }

    public void Started(SimulationSettings settings, IReadOnlyList<int> partitionSizes, int testCount)
    {
        var sizes = DescribeSizes(partitionSizes);
        WriteLine(
            $"simulate: {settings.Protocol} {settings.Model} on {settings.Dataset}, {settings.Clients} clients "
            + $"(partition {settings.Partition}: {sizes}), {settings.Rounds} rounds, {settings.LocalEpochs} local epoch(s), "
            + $"batch {settings.BatchSize}, lr {settings.LearningRate.ToString(CultureInfo.InvariantCulture)}, seed {settings.Seed}; "
            + $"test set {testCount}; aggregator {settings.Aggregator ?? "fedavg"}"
            + (settings.SampleFraction is { } f ? $", sample fraction {f.ToString(CultureInfo.InvariantCulture)}" : string.Empty)
            + (settings.Privacy is { } privacy && privacy != "none" ? $", privacy {privacy}" : string.Empty)
            + (settings.ByzantineFraction > 0
                ? $", byzantine {settings.ByzantineFraction.ToString(CultureInfo.InvariantCulture)} ({settings.Attack})"
                : string.Empty));
    }

    /// <summary>Every partition size for a few clients; for many, their count and range (1,000 sizes make an unreadable line).</summary>
    /// <param name="sizes">Training examples per client.</param>
    /// <returns>E.g. <c>600,600,600</c> or <c>1000 sizes 59–61, mean 60.0</c>.</returns>
    internal static string DescribeSizes(IReadOnlyList<int> sizes)
    {
        if (sizes.Count <= 20)
        {
            return string.Join(",", sizes.Select(n => n.ToString(CultureInfo.InvariantCulture)));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{sizes.Count} sizes {sizes.Min()}–{sizes.Max()}, mean {sizes.Average():F1}");
    }

    public void RoundCompleted(RoundReport round, int totalRounds)
    {
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"round {round.Round}/{totalRounds}: {round.Participants} participants, test accuracy {round.TestAccuracy:P2}, "
            + $"test loss {round.TestLoss:F4}, {round.Seconds:F1} s");
        WriteLine(line);
        if (Bar is { } bar)
        {
            bar.Description = string.Create(CultureInfo.InvariantCulture, $"round {round.Round}/{totalRounds} · accuracy {round.TestAccuracy:P1}");
            bar.Increment(1);
        }
    }

    public void CentralizedStarted(int samples, int epochs)
        => WriteLine($"centralized baseline: one model on {samples} samples for {epochs} epoch(s)");

    // During a live display, through AnsiConsole so the bar stays below the lines; otherwise plain, unwrapped text.
    private void WriteLine(string line)
    {
        if (Bar is not null)
        {
            AnsiConsole.MarkupLine(Markup.Escape(line));
        }
        else
        {
            Console.Out.WriteLine(line);
        }
    }
}
