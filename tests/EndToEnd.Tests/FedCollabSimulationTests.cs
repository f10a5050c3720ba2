using System.Text.Json;
using Xunit;

namespace OrleansFed.EndToEnd.Tests;

/// <summary><c>orleansfed simulate --protocol fedcollab</c> as a user runs it.</summary>
public sealed class FedCollabSimulationTests
{
    [Fact]
    public async Task Fedcollab_on_synthetic_data_reports_every_worker_and_the_ensemble_per_epoch_and_drops_stragglers()
    {
        var work = TestEnvironment.TempDirectory("orleansfed-collab-e2e-");
        try
        {
            var reportPath = Path.Combine(work.FullName, "collab.json");
            var (exitCode, output) = await OrleansFedProcess.RunAsync(
                work.FullName,
                TimeSpan.FromMinutes(3),
                "simulate", "--protocol", "fedcollab", "--dataset", "synthetic", "--synthetic-samples", "1500", "--clients", "3",
                "--epochs", "2", "--worker-models", "mlp,logreg", "--learning-rate", "0.3", "--straggler-rate", "0.3",
                // 500 ms: stragglers join after the deadline on purpose, while the members' own join and share messages
                // must fit inside it even on a loaded CI machine (100 ms did not always).
                "--step-deadline-ms", "500", "--report", reportPath);

            Assert.True(exitCode == 0, output);
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
            var root = report.RootElement;
            Assert.Equal("fedcollab", root.GetProperty("protocol").GetString());
            Assert.Equal(3, root.GetProperty("clients").GetInt32());
            Assert.Equal(["mlp", "logreg", "mlp"], root.GetProperty("worker_models").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal([500, 500, 500], root.GetProperty("worker_shard_sizes").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(8, root.GetProperty("steps_per_epoch").GetInt32());
            Assert.Equal(16, root.GetProperty("steps").GetInt64());

            var workers = root.GetProperty("worker_test_accuracy").EnumerateArray().ToArray();
            Assert.Equal(3, workers.Length);
            Assert.All(workers, w => Assert.Equal(2, w.GetArrayLength()));
            var ensemble = root.GetProperty("ensemble_test_accuracy").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(2, ensemble.Length);
            Assert.True(ensemble[^1] >= 0.9, $"ensemble accuracy {ensemble[^1]}");
            Assert.All(workers, w => Assert.InRange(w[1].GetDouble(), 0, 1));

            // With a 30 % straggler rate some workers miss join deadlines and are dropped; each drop is counted.
            Assert.True(root.GetProperty("dropped_worker_steps").GetInt64() > 0, output);
            Assert.Contains("worker-steps dropped", output, StringComparison.Ordinal);
        }
        finally
        {
            TestEnvironment.TryDelete(work);
        }
    }

    [Theory]
    [InlineData("--clients", "1", "--protocol fedcollab needs --clients of at least 2; got 1.")]
    [InlineData("--straggler-rate", "1", "--straggler-rate must be in [0, 1); got 1.")]
    [InlineData("--worker-models", "mlp,resnet", "--worker-models: Unknown model 'resnet'; expected logreg, mlp or cnn.")]
    public async Task Bad_fedcollab_options_exit_with_the_usage_code_and_a_precise_message(string option, string value, string message)
    {
        var work = TestEnvironment.TempDirectory("orleansfed-collab-usage-");
        try
        {
            string[] args = ["simulate", "--protocol", "fedcollab", "--dataset", "synthetic", "--clients", "3", option, value];
            if (option == "--clients")
            {
                args = ["simulate", "--protocol", "fedcollab", "--dataset", "synthetic", option, value];
            }

            var (exitCode, output) = await OrleansFedProcess.RunAsync(work.FullName, TimeSpan.FromMinutes(1), args);
            Assert.Equal(2, exitCode);
            Assert.Contains(message, output, StringComparison.Ordinal);
        }
        finally
        {
            TestEnvironment.TryDelete(work);
        }
    }
}
