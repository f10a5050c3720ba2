using System.Text.Json;
using Xunit;

namespace OrleansFed.EndToEnd.Tests;

/// <summary><c>simulate --byzantine … --attack …</c>: attackers are marked in the report, and a robust rule still learns.</summary>
public sealed class ByzantineSimulationTests
{
    private static async Task<JsonElement> SimulateAsync(DirectoryInfo work, string name, params string[] extra)
    {
        var reportPath = Path.Combine(work.FullName, name + ".json");
        string[] arguments =
        [
            "simulate", "--dataset", "synthetic", "--model", "logreg", "--clients", "5", "--rounds", "3",
            "--synthetic-samples", "1500", "--learning-rate", "0.01", "--seed", "4", "--report", reportPath, .. extra,
        ];
        var (exitCode, output) = await OrleansFedProcess.RunAsync(work.FullName, TimeSpan.FromMinutes(3), arguments);
        Assert.True(exitCode == 0, output);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
        return report.RootElement.Clone();
    }

    [Fact]
    public async Task Median_still_learns_with_a_fifth_of_clients_uploading_random_weights_while_fedavg_is_wrecked()
    {
        var work = TestEnvironment.TempDirectory("orleansfed-byz-e2e-");
        try
        {
            var median = await SimulateAsync(work, "median", "--byzantine", "0.2", "--attack", "random", "--aggregator", "median");
            var fedavg = await SimulateAsync(work, "fedavg", "--byzantine", "0.2", "--attack", "random");

            Assert.Equal("median", median.GetProperty("aggregator").GetString());
            Assert.Equal("fedavg", fedavg.GetProperty("aggregator").GetString());
            Assert.Equal("random", median.GetProperty("attack").GetString());
            Assert.Equal(0.2, median.GetProperty("byzantine_fraction").GetDouble());
            // ⌊0.2 · 5⌋ = 1 attacker, a valid party index, the same one in both runs (chosen from the seed alone).
            var attackers = median.GetProperty("byzantine_clients").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var attacker = Assert.Single(attackers);
            Assert.InRange(attacker, 0, 4);
            Assert.Equal(attackers, fedavg.GetProperty("byzantine_clients").EnumerateArray().Select(e => e.GetInt32()));
            Assert.All(median.GetProperty("rounds").EnumerateArray(), r =>
            {
                Assert.Equal(5, r.GetProperty("participants").GetInt32());
                // No privacy accounting in a plain run: epsilon is absent, not 0.
                Assert.False(r.TryGetProperty("epsilon", out _));
            });

            var robust = median.GetProperty("final_test_accuracy").GetDouble();
            var plain = fedavg.GetProperty("final_test_accuracy").GetDouble();
            Assert.True(robust >= 0.9, $"median under attack reached only {robust}");
            Assert.True(plain < robust - 0.2, $"fedavg under attack {plain} vs median {robust}");
        }
        finally
        {
            TestEnvironment.TryDelete(work);
        }
    }

    [Fact]
    public async Task Sample_fraction_and_a_canonicalised_aggregator_reach_the_report_and_no_attackers_are_listed_without_an_attack()
    {
        var work = TestEnvironment.TempDirectory("orleansfed-frac-e2e-");
        try
        {
            var report = await SimulateAsync(work, "trimmed", "--aggregator", "trimmed-mean:0.2", "--sample-fraction", "0.6");

            Assert.Equal("trimmed-mean:beta=0.2", report.GetProperty("aggregator").GetString());
            Assert.Equal(0.6, report.GetProperty("sample_fraction").GetDouble());
            Assert.False(report.TryGetProperty("byzantine_clients", out _));
            Assert.False(report.TryGetProperty("attack", out _));
            // ⌈0.6 · 5⌉ = 3 participants per round.
            Assert.All(report.GetProperty("rounds").EnumerateArray(), r => Assert.Equal(3, r.GetProperty("participants").GetInt32()));
        }
        finally
        {
            TestEnvironment.TryDelete(work);
        }
    }
}
