using Xunit;

namespace OrleansFed.EndToEnd.Tests;

/// <summary><c>orleansfed privacy dp-central</c>: the planner prints the ε a campaign's ledger will reach.</summary>
public sealed class PrivacyCommandTests
{
    [Theory]
    // q = sampleFraction = 0.1; the figure the 1,000-participant dp-central simulation's ledger reported after 30 rounds
    // (MLP, z = 1, δ = 1e-5; docs/EXPERIMENTS.md): the planner runs the silo's own round cost and accountant.
    [InlineData("poisson", 4.848228359174724, "add-or-remove-one")]
    // ⌈0.1 · 1000⌉ = 100 of 1,000 without replacement, q = 0.1 as well: the bound of Wang, Balle and Kasiviswanathan
    // (zero-out relation); 7.575218172412782 from the 400-digit decimal evaluation of the theorem at the same multiplier.
    [InlineData("fixed", 7.575218172412782, "zero-out")]
    public async Task The_planner_gives_the_epsilon_the_campaign_ledger_reached(string sampling, double epsilon, string relation)
    {
        var (exitCode, output) = await OrleansFedProcess.RunAsync(Path.GetTempPath(), TimeSpan.FromMinutes(1),
            "privacy", "dp-central", "--participants", "1000", "--sample-fraction", "0.1", "--noise-multiplier", "1", "--rounds", "30",
            "--sampling", sampling);

        Assert.True(exitCode == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(epsilon, double.Parse(lines["epsilon"], System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal(relation, lines["neighbouring-relation"]);
        Assert.Equal("0.1", lines["sampling-rate"]);
        Assert.Equal("100", lines["expected-participants-per-round"]);
        Assert.Equal($"dp-central:sigma=1,clip=1,delta=1E-05,sampling={sampling}", lines["privacy"]);
        // z lowered by the output grid's relative 2⁻²⁴·√d for the MLP's 101,770 parameters.
        Assert.Equal(1 / (1 + (Math.Sqrt(101_770) / (1 << 24))), double.Parse(lines["accounted-noise-multiplier"], System.Globalization.CultureInfo.InvariantCulture), 12);
    }

    [Theory]
    [InlineData("4.85", "30")]  // ε(30) = 4.8482 ≤ 4.85 < ε(31) = 4.9069
    [InlineData("4.848", "29")] // just below ε(30)
    [InlineData("0.01", "0")]   // not even round 1
    [InlineData("1000", "100")] // every round asked for
    public async Task The_planner_counts_the_rounds_a_budget_allows(string budget, string rounds)
    {
        var (exitCode, output) = await OrleansFedProcess.RunAsync(Path.GetTempPath(), TimeSpan.FromMinutes(1),
            "privacy", "dp-central", "--participants", "1000", "--sample-fraction", "0.1", "--noise-multiplier", "1", "--rounds", "100",
            "--budget", budget);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"rounds-within-budget {rounds}\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--budget", "0", "--budget must be positive and finite")]
    [InlineData("--sample-fraction", "0", "--sample-fraction must be in (0, 1]")]
    [InlineData("--participants", "0", "--participants and --rounds must be at least 1")]
    [InlineData("--noise-multiplier", "-1", "sigma must be a positive number")]
    [InlineData("--sampling", "shuffle", "shuffle")]
    [InlineData("--model", "resnet", "resnet")]
    public async Task Bad_planner_input_exits_2_with_the_reason(string option, string value, string expected)
    {
        var arguments = new Dictionary<string, string>
        {
            ["--participants"] = "100", ["--sample-fraction"] = "0.1", ["--noise-multiplier"] = "1", ["--rounds"] = "10",
        };
        arguments[option] = value;
        var (exitCode, output) = await OrleansFedProcess.RunAsync(Path.GetTempPath(), TimeSpan.FromMinutes(1),
            ["privacy", "dp-central", .. arguments.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.True(exitCode == 2, $"exit code {exitCode}:\n{output}");
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
