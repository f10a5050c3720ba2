using System.Text.Json;
using Xunit;

namespace OrleansFed.EndToEnd.Tests;

/// <summary><c>simulate --privacy dp-sgd|dp-central|dp-distributed</c>: ε per round and overall with δ in the report; bad
/// flags exit 2.</summary>
public sealed class DpSimulationTests
{
    [Fact]
    public async Task Dp_sgd_reports_the_largest_participant_epsilon_and_the_nodes_agree_with_the_silo()
    {
        await RunReportAsync(
            (root, output) =>
            {
                Assert.Equal("dp-sgd:sigma=1.1,clip=1,delta=1E-05", root.GetProperty("privacy").GetString());
                Assert.Equal(1e-5, root.GetProperty("delta").GetDouble());
                var epsilon = root.GetProperty("epsilon").GetDouble();
                var participants = root.GetProperty("participant_epsilon").EnumerateObject().Select(p => p.Value.GetDouble()).ToArray();
                Assert.Equal(3, participants.Length);
                Assert.Equal(participants.Max(), epsilon);
                Assert.Equal(epsilon, root.GetProperty("participant_epsilon_local_max").GetDouble(), 12);
                var rounds = root.GetProperty("rounds").EnumerateArray().Select(r => r.GetProperty("epsilon").GetDouble()).ToArray();
                Assert.True(rounds[0] > 0 && rounds[1] > rounds[0], string.Join(", ", rounds));
                Assert.Equal(epsilon, rounds[^1]);
                Assert.Contains("at δ = 1E-05", output, StringComparison.Ordinal);
            },
            "--clients", "3", "--rounds", "2", "--synthetic-samples", "900", "--privacy", "dp-sgd", "--noise-multiplier", "1.1", "--clip", "1");
    }

    [Fact]
    public async Task Dp_distributed_reports_epsilon_per_round_and_overall_with_delta()
    {
        await RunReportAsync(
            (root, _) =>
            {
                Assert.Equal("dp-distributed:sigma=1,clip=1,delta=1E-05,degree=0,bits=32,step=10", root.GetProperty("privacy").GetString());
                Assert.Equal(1e-5, root.GetProperty("delta").GetDouble());
                var rounds = root.GetProperty("rounds").EnumerateArray().ToArray();
                Assert.Equal(2, rounds.Length);
                Assert.All(rounds, r => Assert.Equal(3, r.GetProperty("participants").GetInt32())); // one of four drops out
                var epsilon = rounds.Select(r => r.GetProperty("epsilon").GetDouble()).ToArray();
                Assert.True(epsilon[0] > 0 && epsilon[1] > epsilon[0], string.Join(", ", epsilon));
                Assert.Equal(epsilon[1], root.GetProperty("epsilon").GetDouble());
                Assert.InRange(root.GetProperty("final_test_accuracy").GetDouble(), 0, 1); // 3 noisy updates: no accuracy claim
            },
            "--clients", "4", "--rounds", "2", "--synthetic-samples", "1200", "--privacy", "dp-distributed:noise=1,clip=1", "--dropout", "0.25");
    }

    [Theory]
    [InlineData("poisson")]
    [InlineData("fixed")]
    public async Task Dp_central_reports_the_epsilon_the_planner_predicts_under_either_sampling(string sampling)
    {
        // 8 participants, q = 0.5: the planner (the silo's round cost and accountant) gives the ε after each round.
        var planned = new double[3];
        for (int r = 1; r <= 3; r++)
        {
            var (code, text) = await OrleansFedProcess.RunAsync(Path.GetTempPath(), TimeSpan.FromMinutes(1), "privacy", "dp-central",
                "--participants", "8", "--sample-fraction", "0.5", "--noise-multiplier", "1", "--rounds", $"{r}", "--model", "logreg", "--sampling", sampling);
            Assert.True(code == 0, text);
            planned[r - 1] = double.Parse(text.Split('\n')[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }

        await RunReportAsync(
            (root, _) =>
            {
                Assert.Equal($"dp-central:sigma=1,clip=1,delta=1E-05,sampling={sampling}", root.GetProperty("privacy").GetString());
                var rounds = root.GetProperty("rounds").EnumerateArray().ToArray();
                Assert.Equal(3, rounds.Length);
                for (int r = 0; r < 3; r++)
                {
                    Assert.Equal(planned[r], rounds[r].GetProperty("epsilon").GetDouble(), 12);
                }

                var participants = rounds.Select(r => r.GetProperty("participants").GetInt32()).ToArray();
                Assert.All(participants, n => Assert.InRange(n, 0, 8));
                if (sampling == "fixed")
                {
                    Assert.All(participants, n => Assert.Equal(4, n)); // ⌈0.5 · 8⌉, every one of them submits
                }
            },
            "--clients", "8", "--rounds", "3", "--synthetic-samples", "1600", "--sample-fraction", "0.5",
            "--privacy", "dp-central", "--noise-multiplier", "1", "--dp-sampling", sampling);
    }

    [Theory]
    [InlineData("--privacy", "dp-central", "--noise-multiplier", "1", "--dp-sampling", "sometimes")]
    [InlineData("--dp-sampling", "fixed")]
    [InlineData("--privacy", "dp-distributed")]
    [InlineData("--privacy", "dp-distributed:noise=1,bits=8")]
    [InlineData("--privacy", "dp-distributed:noise=1", "--adaptive-clipping")]
    [InlineData("--privacy", "dp-sgd")]
    [InlineData("--privacy", "dp-central", "--noise-multiplier", "-1")]
    [InlineData("--privacy", "dp-sgd", "--noise-multiplier", "1", "--delta", "2")]
    [InlineData("--privacy", "dp-sgd:sigma=1", "--clip", "2")]
    [InlineData("--noise-multiplier", "1")]
    [InlineData("--privacy", "dp-central:sigma=1,speed=9")]
    public async Task Bad_dp_settings_exit_2_before_anything_runs(params string[] extra)
    {
        var work = TestEnvironment.TempDirectory("orleansfed-dpbad-e2e-");
        try
        {
            string[] arguments = ["simulate", "--dataset", "synthetic", "--clients", "2", "--rounds", "1", .. extra];
            var (exitCode, output) = await OrleansFedProcess.RunAsync(work.FullName, TimeSpan.FromMinutes(1), arguments);

            Assert.True(exitCode == 2, output);
            Assert.DoesNotContain("round 1/1", output, StringComparison.Ordinal);
        }
        finally
        {
            TestEnvironment.TryDelete(work);
        }
    }

    /// <summary>Runs <c>simulate</c> on synthetic data with a logistic regression (batch 30, lr 0.1) and the given flags,
    /// and checks its JSON report and output.</summary>
    private static async Task RunReportAsync(Action<JsonElement, string> check, params string[] flags)
    {
        var work = TestEnvironment.TempDirectory("orleansfed-dp-e2e-");
        try
        {
            var reportPath = Path.Combine(work.FullName, "dp.json");
            string[] arguments = ["simulate", "--dataset", "synthetic", "--model", "logreg", "--batch-size", "30", "--learning-rate", "0.1", .. flags, "--report", reportPath];
            var (exitCode, output) = await OrleansFedProcess.RunAsync(work.FullName, TimeSpan.FromMinutes(3), arguments);

            Assert.True(exitCode == 0, output);
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
            check(report.RootElement, output);
        }
        finally
        {
            TestEnvironment.TryDelete(work);
        }
    }
}
