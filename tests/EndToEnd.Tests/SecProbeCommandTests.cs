using System.Text.Json;
using Xunit;

namespace OrleansFed.EndToEnd.Tests;

/// <summary><c>orleansfed simulate --protocol secprobe</c>: option errors and a small run end to end.</summary>
public sealed class SecProbeCommandTests
{
    private static readonly string[] Base = ["simulate", "--protocol", "secprobe", "--clients", "6", "--rounds", "1", "--dataset", "synthetic"];

    public static TheoryData<string[], string> BadArguments => new()
    {
        { [.. Base, "--k", "2", "--epsilon", "1"], "--protocol secprobe needs --m" },
        { [.. Base, "--m", "3", "--epsilon", "1"], "--protocol secprobe needs --k" },
        { [.. Base, "--m", "3", "--k", "2"], "--protocol secprobe needs --epsilon" },
        { [.. Base, "--m", "7", "--k", "2", "--epsilon", "1"], "--m must lie in [1, --clients]; got 7 with 6 clients." },
        { [.. Base, "--m", "3", "--k", "4", "--epsilon", "1"], "--k must lie in [1, --m]; got 4 with --m 3." },
        { [.. Base, "--m", "3", "--k", "2", "--epsilon", "0"], "--epsilon must be a positive number" },
        { [.. Base, "--m", "3", "--k", "2", "--epsilon", "1", "--unreliable", "1.5"], "--unreliable must lie in [0, 1]" },
        { [.. Base, "--m", "3", "--k", "2", "--epsilon", "1", "--noise-fraction", "-0.1"], "--noise-fraction must lie in [0, 1]" },
        { [.. Base, "--m", "3", "--k", "2", "--epsilon", "1", "--unreliable", "0.5", "--malicious", "4"], "--malicious must lie in [0, clients − unreliable participants]" },
        { [.. Base, "--m", "3", "--k", "2", "--epsilon", "1", "--selection-epsilon", "-1"], "--selection-epsilon must be a positive number" },
        { [.. Base, "--m", "3", "--k", "2", "--epsilon", "1", "--secprobe-aggregate", "median"], "median" },
        { [.. Base, "--m", "3", "--k", "2", "--epsilon", "1", "--selection-mechanism", "greedy"], "greedy" },
        {
            [.. Base, "--m", "3", "--k", "2", "--epsilon", "1", "--selection-mechanism", "joint", "--secprobe-aggregate", "uniform"],
            "--selection-mechanism joint needs --secprobe-aggregate exponential."
        },
        { [.. Base, "--m", "3", "--k", "2", "--epsilon", "1", "--coefficient-release", "per-tuple"], "per-tuple" },
        {
            [.. Base, "--m", "3", "--k", "2", "--epsilon", "1", "--task", "regression", "--coefficient-release", "class-sums"],
            "--coefficient-release class-sums is a classification release"
        },
        {
            [.. Base, "--m", "3", "--k", "2", "--epsilon", "1", "--task", "regression", "--silo-pretrain-size", "100"],
            "--silo-pretrain-size applies to classification"
        },
        { [.. Base, "--m", "3", "--k", "2", "--epsilon", "1", "--silo-pretrain-size", "-1"], "--silo-pretrain-size at least 0" },
        {
            [.. Base, "--m", "3", "--k", "2", "--epsilon", "1", "--synthetic-samples", "2000", "--validation-size", "1000", "--silo-pretrain-size", "1000"],
            "--validation-size 1000 and --silo-pretrain-size 1000 leave no training data"
        },
        { ["simulate", "--clients", "2", "--rounds", "1", "--m", "2"], "--m is a SecProbe option; it needs --protocol secprobe." },
        { ["simulate", "--clients", "2", "--rounds", "1", "--coefficient-release", "class-sums"], "--coefficient-release is a SecProbe option" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Bad_secprobe_options_exit_with_code_2_and_a_clear_message(string[] arguments, string expected)
    {
        var (exitCode, output) = await OrleansFedProcess.RunAsync(Path.GetTempPath(), TimeSpan.FromMinutes(1), arguments);

        Assert.True(exitCode == 2, $"exit code {exitCode}:\n{output}");
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regression_run_reports_settings_rounds_selection_rates_and_baselines()
    {
        var (output, root) = await RunRegressionAsync("--malicious", "1", "--rounds", "3", "--baselines");
        Assert.Equal("secprobe", root.GetProperty("protocol").GetString());
        Assert.Equal("regression", root.GetProperty("dataset").GetString());
        Assert.Equal("mre", root.GetProperty("metric").GetString());
        Assert.Equal(8, root.GetProperty("clients").GetInt32());
        Assert.Equal(6, root.GetProperty("m").GetInt32());
        Assert.Equal(3, root.GetProperty("k").GetInt32());
        Assert.Equal(2, root.GetProperty("epsilon").GetDouble());
        Assert.Equal(0.25, root.GetProperty("unreliable").GetDouble());
        Assert.Equal(2, root.GetProperty("unreliable_participants").GetInt32());
        Assert.Equal(0.5, root.GetProperty("noise_fraction").GetDouble());
        Assert.Equal(1, root.GetProperty("malicious").GetInt32());
        // Lemma 3 with b = 1: 2(1/4 + 1/4 + 1/16).
        Assert.Equal(1.125, root.GetProperty("functional_mechanism_sensitivity").GetDouble(), 12);
        var rounds = root.GetProperty("rounds").EnumerateArray().ToArray();
        Assert.Equal([1, 2, 3], rounds.Select(r => r.GetProperty("round").GetInt32()));
        Assert.All(rounds, r =>
        {
            Assert.Equal(2, r.GetProperty("stopped").GetInt32());
            Assert.InRange(r.GetProperty("selected_unreliable").GetInt32(), 0, 2);
            Assert.True(r.GetProperty("test_metric").GetDouble() >= 0);
        });
        Assert.InRange(root.GetProperty("unreliable_selection_rate").GetDouble(), 0, 1);
        // Selection: 3 rounds × K = 3 draws of ε₁ = 1; each participant spends ε₂ = 2 per round it is accepted in.
        Assert.Equal(9, root.GetProperty("selection_epsilon_spent").GetDouble(), 9);
        Assert.InRange(root.GetProperty("max_participant_epsilon_spent").GetDouble(), 2, 6);
        Assert.True(root.GetProperty("centralized_noiseless_test_metric").GetDouble() >= 0);
        Assert.Equal("sequential", root.GetProperty("selection_mechanism").GetString());
        Assert.Contains("secprobe: final test mre", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Joint_selection_run_records_the_same_k_epsilon1_per_round()
    {
        var (_, root) = await RunRegressionAsync("--rounds", "2", "--selection-mechanism", "joint", "--selection-epsilon", "0.5");
        Assert.Equal("joint", root.GetProperty("selection_mechanism").GetString());
        Assert.Equal(0.5, root.GetProperty("selection_epsilon").GetDouble());
        // 2 rounds × one joint draw of Kε₁ = 3 × 0.5.
        Assert.Equal(3, root.GetProperty("selection_epsilon_spent").GetDouble(), 9);
        Assert.All(root.GetProperty("rounds").EnumerateArray(), r => Assert.InRange(r.GetProperty("selected_unreliable").GetInt32(), 0, 2));
    }

    [Fact]
    public async Task Class_sums_release_with_a_separate_pretraining_set_is_recorded_in_the_report()
    {
        var (output, root) = await RunAsync(
            [
                "simulate", "--protocol", "secprobe", "--dataset", "synthetic", "--synthetic-samples", "1200", "--clients", "6", "--m", "4",
                "--k", "2", "--epsilon", "1", "--rounds", "2", "--hidden", "8", "--validation-size", "200", "--silo-pretrain-size", "200",
                "--coefficient-release", "class-sums", "--seed", "2",
            ]);
        Assert.Equal("class-sums", root.GetProperty("coefficient_release").GetString());
        Assert.Equal(200, root.GetProperty("silo_pretrain_size").GetInt32());
        // b = 1 (9 features scaled by 1/9): 2b + b²/4, whatever the number of classes.
        Assert.Equal(2.25, root.GetProperty("functional_mechanism_sensitivity").GetDouble(), 12);
        Assert.Equal(2, root.GetProperty("rounds").GetArrayLength());
        Assert.Contains("secprobe: final test accuracy", output, StringComparison.Ordinal);

        var (_, perClass) = await RunAsync(
            [
                "simulate", "--protocol", "secprobe", "--dataset", "synthetic", "--synthetic-samples", "1200", "--clients", "6", "--m", "4",
                "--k", "2", "--epsilon", "1", "--rounds", "1", "--hidden", "8", "--validation-size", "200", "--seed", "2",
            ]);
        Assert.Equal("per-class", perClass.GetProperty("coefficient_release").GetString());
        Assert.Equal(0, perClass.GetProperty("silo_pretrain_size").GetInt32());
        // Lemma 4 with b = 1 and the synthetic set's 10 classes: C(b + b²/4).
        Assert.Equal(12.5, perClass.GetProperty("functional_mechanism_sensitivity").GetDouble(), 12);
    }

    /// <summary>A small regression run (8 clients, M = 6, K = 3, ε₂ = 2, two unreliable) with <paramref name="options"/> added.</summary>
    private static Task<(string Output, JsonElement Report)> RunRegressionAsync(params string[] options) =>
        RunAsync(
            [
                "simulate", "--protocol", "secprobe", "--task", "regression", "--clients", "8", "--m", "6", "--k", "3",
                "--epsilon", "2", "--unreliable", "0.25", "--noise-fraction", "0.5", "--hidden", "8",
                "--synthetic-samples", "2000", "--validation-size", "200", "--seed", "3", .. options,
            ]);

    /// <summary>Runs <paramref name="arguments"/> with a report path added; the run must succeed.</summary>
    private static async Task<(string Output, JsonElement Report)> RunAsync(string[] arguments)
    {
        var work = TestEnvironment.TempDirectory("orleansfed-secprobe-e2e-");
        try
        {
            var reportPath = Path.Combine(work.FullName, "secprobe.json");
            var (exitCode, output) = await OrleansFedProcess.RunAsync(
                work.FullName,
                TimeSpan.FromMinutes(3),
                [.. arguments, "--report", reportPath]);

            Assert.True(exitCode == 0, output);
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
            return (output, report.RootElement.Clone());
        }
        finally
        {
            TestEnvironment.TryDelete(work);
        }
    }
}
