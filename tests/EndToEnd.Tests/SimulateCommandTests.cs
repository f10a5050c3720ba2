using System.Text.Json;
using Xunit;

namespace OrleansFed.EndToEnd.Tests;

/// <summary><c>orleansfed simulate</c> as a user runs it: a separate process, a JSON report on disk.</summary>
public sealed class SimulateCommandTests
{
    [Fact]
    public async Task Simulate_on_synthetic_data_writes_a_complete_report_and_the_model_improves()
    {
        var work = TestEnvironment.TempDirectory("orleansfed-sim-e2e-");
        try
        {
            var reportPath = Path.Combine(work.FullName, "out", "report.json");
            var (exitCode, output) = await OrleansFedProcess.RunAsync(
                work.FullName,
                TimeSpan.FromMinutes(3),
                "simulate", "--protocol", "fedavg", "--dataset", "synthetic", "--model", "logreg", "--clients", "3", "--rounds", "3",
                "--synthetic-samples", "1500", "--learning-rate", "0.01", "--seed", "4", "--centralized", "--report", reportPath);

            Assert.True(exitCode == 0, output);
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
            var root = report.RootElement;
            Assert.Equal("fedavg", root.GetProperty("protocol").GetString());
            Assert.Equal("none", root.GetProperty("privacy").GetString());
            Assert.Equal("logreg", root.GetProperty("model").GetString());
            Assert.Equal("synthetic", root.GetProperty("dataset").GetString());
            Assert.Equal(3, root.GetProperty("clients").GetInt32());
            Assert.Equal(4, root.GetProperty("seed").GetInt32());
            Assert.True(root.GetProperty("wall_seconds").GetDouble() > 0);
            Assert.InRange(root.GetProperty("centralized_test_accuracy").GetDouble(), 0, 1);

            var rounds = root.GetProperty("rounds").EnumerateArray().ToArray();
            Assert.Equal([1, 2, 3], rounds.Select(r => r.GetProperty("round").GetInt32()));
            Assert.All(rounds, r =>
            {
                Assert.Equal(3, r.GetProperty("participants").GetInt32());
                Assert.InRange(r.GetProperty("test_accuracy").GetDouble(), 0, 1);
                Assert.True(r.GetProperty("test_loss").GetDouble() > 0);
                Assert.True(r.GetProperty("seconds").GetDouble() >= 0);
            });

            // Learning happens: the test loss falls every round and the final model is far above chance (10 %).
            var losses = rounds.Select(r => r.GetProperty("test_loss").GetDouble()).ToArray();
            Assert.True(losses[1] < losses[0] && losses[2] < losses[1], $"test losses {string.Join(", ", losses)}");
            var final = root.GetProperty("final_test_accuracy").GetDouble();
            Assert.Equal(rounds[^1].GetProperty("test_accuracy").GetDouble(), final);
            Assert.True(final >= 0.9, $"final accuracy {final}");
            Assert.Contains("round 3/3", output, StringComparison.Ordinal);
        }
        finally
        {
            TestEnvironment.TryDelete(work);
        }
    }

    [Fact]
    public async Task A_seeded_simulation_with_many_participants_repeats_bitwise()
    {
        // Ten participants enrol at once; the silo numbers them in arrival order and aggregates in that order, so
        // without enrolling them in a fixed order the model's last bits changed from run to run.
        var work = TestEnvironment.TempDirectory("orleansfed-sim-repeat-");
        try
        {
            var models = new List<byte[]>();
            for (int run = 0; run < 3; run++)
            {
                var modelPath = Path.Combine(work.FullName, $"model-{run}.bin");
                var (exitCode, output) = await OrleansFedProcess.RunAsync(
                    work.FullName,
                    TimeSpan.FromMinutes(3),
                    "simulate", "--protocol", "fedavg", "--dataset", "synthetic", "--model", "logreg", "--clients", "10", "--rounds", "3",
                    "--synthetic-samples", "2000", "--learning-rate", "0.05", "--seed", "6", "--model-out", modelPath);
                Assert.True(exitCode == 0, output);
                models.Add(await File.ReadAllBytesAsync(modelPath));
            }

            Assert.True(models[0].Length > 0);
            Assert.Equal(models[0], models[1]);
            Assert.Equal(models[0], models[2]);
        }
        finally
        {
            TestEnvironment.TryDelete(work);
        }
    }
}
