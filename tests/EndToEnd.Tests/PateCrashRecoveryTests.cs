using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace OrleansFed.EndToEnd.Tests;

/// <summary>
/// Issue 6's acceptance for PATE: an <c>orleansfed simulate --protocol pate</c> process (in-process silo on SQLite in
/// <c>--state-dir</c>) is killed with SIGKILL in the middle of the query phase and run again on the same state: the
/// campaign resumes from its durable vote tallies and coordinator, and in the end every (teacher, query) vote is counted
/// exactly once — none lost, none twice.
/// </summary>
public sealed class PateCrashRecoveryTests(ITestOutputHelper output)
{
    private const int Teachers = 10;
    private const int Queries = 200;

    [Theory]
    [InlineData("local-geometric")] // each teacher sends its perturbed votes one by one: kills land between single votes
    [InlineData("gnmax")]           // one-hot votes summed under secure aggregation: one aggregate contribution per batch
    public async Task Killing_a_pate_run_mid_way_and_rerunning_it_loses_no_vote_and_counts_none_twice(string aggregator)
    {
        var work = TestEnvironment.TempDirectory("orleansfed-pate-e2e-");
        try
        {
            var state = Path.Combine(work.FullName, "state");
            string[] Arguments(string report) =>
            [
                "simulate", "--protocol", "pate", "--dataset", "synthetic", "--synthetic-samples", "3000", "--teachers", "10",
                "--shard-size", "300", "--queries", "200", "--query-batch", "10", "--public-size", "400", "--aggregator", aggregator,
                "--local-epsilon", "2", "--sigma", "2", "--epsilon-budget", "100000", "--teacher-model", "logreg", "--teacher-epochs", "2",
                "--student-model", "logreg", "--student-epochs", "1", "--threads", "1", "--seed", "5",
                "--state-dir", state, "--teacher-cache", Path.Combine(work.FullName, "teachers"), "--report", report,
            ];

            var firstReport = Path.Combine(work.FullName, "first.json");
            using (var first = OrleansFedProcess.Start("pate#1", work.FullName, Arguments(firstReport)))
            {
                var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
                while (!first.Output.Contains("batch 3:", StringComparison.Ordinal) && !first.HasExited && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(10);
                }

                Assert.False(first.HasExited, $"the first run ended before it could be killed:\n{first.Output}");
                first.KillHard();
                output.WriteLine($"===== killed run =====\n{first.Output}");
            }

            Assert.False(File.Exists(firstReport), "the killed run must not have finished");

            var secondReport = Path.Combine(work.FullName, "second.json");
            var (exitCode, log) = await OrleansFedProcess.RunAsync(work.FullName, TimeSpan.FromMinutes(3), Arguments(secondReport));
            output.WriteLine($"===== resumed run =====\n{log}");
            Assert.True(exitCode == 0, log);
            Assert.Contains("resuming the campaign", log, StringComparison.Ordinal);

            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(secondReport));
            var root = report.RootElement;
            Assert.Equal("Completed", root.GetProperty("phase").GetString());
            Assert.Equal(Queries * Teachers, root.GetProperty("votes_expected").GetInt64());
            Assert.Equal(Queries * Teachers, root.GetProperty("votes_recorded").GetInt64());
            if (aggregator == "gnmax")
            {
                // One-hot votes: every histogram sums to its voters, so the grand total is exactly one per (teacher, query).
                Assert.Equal(Queries * Teachers, root.GetProperty("vote_count_total").GetInt64());
                Assert.True(root.GetProperty("secure_aggregation").GetBoolean());
            }

            // GNMax answers every query with votes; the local variant's plain argmax too.
            Assert.Equal(Queries, root.GetProperty("queries_answered").GetInt32());
            Assert.InRange(root.GetProperty("label_accuracy").GetDouble(), 0.5, 1);
        }
        finally
        {
            TestEnvironment.TryDelete(work);
        }
    }
}
