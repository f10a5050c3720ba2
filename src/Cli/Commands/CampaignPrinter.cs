using System.Globalization;
using System.Text.Json;
using OrleansFed.Interfaces.Api;
using Spectre.Console;

namespace OrleansFed.Cli.Commands;

/// <summary>Renders campaign status and history as tables, or as JSON for scripts.</summary>
internal static class CampaignPrinter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Width used when the output is not a terminal (Spectre would otherwise wrap tables at 80 columns).</summary>
    private const int RedirectedWidth = 200;

    public static void PrintList(IReadOnlyList<CampaignStatus> campaigns, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(campaigns, Json));
            return;
        }

        FitWidth();
        var table = new Table().AddColumns("id", "state", "model", "round", "completed", "enrolled");
        foreach (var c in campaigns)
        {
            table.AddRow(
                Markup.Escape(c.Id), c.State.ToString(), Markup.Escape(c.Config.Model), Text(c.CurrentRound),
                $"{Text(c.CompletedRounds)}/{Text(c.Config.Rounds)}", Text(c.Enrolled));
        }

        AnsiConsole.Write(table);
    }

    public static void PrintStatus(CampaignStatus status, IReadOnlyList<RoundRecord>? rounds, bool json)
    {
        if (json)
        {
            var document = rounds is null ? (object)status : new { campaign = status, rounds };
            Console.Out.WriteLine(JsonSerializer.Serialize(document, Json));
            return;
        }

        FitWidth();
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("campaign", Markup.Escape(status.Id));
        grid.AddRow("state", status.State.ToString());
        grid.AddRow("model", Markup.Escape(status.Config.Model));
        grid.AddRow("aggregator", Markup.Escape(status.Config.Aggregator ?? "fedavg"));
        grid.AddRow("rounds", $"{Text(status.CompletedRounds)} completed of {Text(status.Config.Rounds)} (current {Text(status.CurrentRound)})");
        grid.AddRow("enrolled", Text(status.Enrolled));
        grid.AddRow("model version", status.ModelVersion.ToString(CultureInfo.InvariantCulture));
        if (status.Config.Privacy is { Length: > 0 } mode)
        {
            grid.AddRow("privacy", Markup.Escape(mode));
        }

        if (status.Epsilon is { } epsilon)
        {
            grid.AddRow("ε", string.Create(CultureInfo.InvariantCulture, $"{epsilon:0.####} at δ = {status.Delta:G3}"));
        }

        if (status.Message is { Length: > 0 } message)
        {
            grid.AddRow("message", Markup.Escape(message));
        }

        AnsiConsole.Write(grid);
        if (rounds is { Count: > 0 })
        {
            var withEpsilon = rounds.Any(r => r.Epsilon is not null);
            var table = new Table().AddColumns("round", "attempt", "participants", "samples", "train loss", "closed", "reason");
            if (withEpsilon)
            {
                table.AddColumn("ε");
            }

            foreach (var r in rounds)
            {
                var cells = new List<string>
                {
                    Text(r.Round), Text(r.Attempt), Text(r.Participants), r.Samples.ToString(CultureInfo.InvariantCulture),
                    r.TrainLoss.ToString("F4", CultureInfo.InvariantCulture),
                    r.ClosedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.CloseReason.ToString(),
                };
                if (withEpsilon)
                {
                    // A round without an accounted ε shows "-", never 0.
                    cells.Add(r.Epsilon is { } e ? e.ToString("G4", CultureInfo.InvariantCulture) : "-");
                }

                table.AddRow([.. cells]);
            }

            AnsiConsole.Write(table);
        }
    }

    private static void FitWidth()
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = RedirectedWidth;
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
