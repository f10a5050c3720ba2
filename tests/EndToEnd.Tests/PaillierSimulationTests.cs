using System.Globalization;
using System.Text.Json;
using Xunit;

namespace OrleansFed.EndToEnd.Tests;

/// <summary><c>simulate --privacy paillier</c> as a user runs it: the final model matches the plaintext run's.</summary>
public sealed class PaillierSimulationTests
{
    [Fact]
    public async Task Simulate_with_paillier_matches_the_plaintext_final_model_to_1e4_with_unequal_parties()
    {
        var work = TestEnvironment.TempDirectory("orleansfed-paillier-e2e-");
        try
        {
            string[] common =
            [
                "simulate", "--protocol", "fedavg", "--dataset", "synthetic", "--model", "logreg", "--clients", "4", "--rounds", "2",
                "--partition", "sizes:100,1000,300,600", "--learning-rate", "0.1", "--seed", "3",
            ];
            var plainModel = Path.Combine(work.FullName, "plain.txt");
            var paillierModel = Path.Combine(work.FullName, "paillier.txt");
            var report = Path.Combine(work.FullName, "paillier.json");
            var plain = await OrleansFedProcess.RunAsync(work.FullName, TimeSpan.FromMinutes(3), [.. common, "--model-out", plainModel]);
            Assert.True(plain.ExitCode == 0, plain.Output);
            var encrypted = await OrleansFedProcess.RunAsync(work.FullName, TimeSpan.FromMinutes(3),
                [.. common, "--privacy", "paillier:bits=512,test-keys=true", "--model-out", paillierModel, "--report", report]);
            Assert.True(encrypted.ExitCode == 0, encrypted.Output);

            var a = await ReadModelAsync(plainModel);
            var b = await ReadModelAsync(paillierModel);
            Assert.Equal(7850, a.Length);
            Assert.Equal(a.Length, b.Length);
            var difference = a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
            Assert.True(difference <= 1e-4, $"max |paillier − plain| = {difference}");

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
            Assert.Equal("paillier:bits=512,test-keys=true", json.RootElement.GetProperty("privacy").GetString());
            // 512-bit test key: 59-bit slots, 8 values per ciphertext, 7852 packed values.
            Assert.Equal(982, json.RootElement.GetProperty("paillier_ciphertexts_per_update").GetInt32());
            Assert.All(json.RootElement.GetProperty("rounds").EnumerateArray(), r => Assert.Equal(4, r.GetProperty("participants").GetInt32()));
        }
        finally
        {
            TestEnvironment.TryDelete(work);
        }
    }

    [Fact]
    public async Task Simulate_refuses_a_paillier_key_below_2048_bits_without_the_test_setting()
    {
        var work = TestEnvironment.TempDirectory("orleansfed-paillier-e2e-");
        try
        {
            var (exitCode, output) = await OrleansFedProcess.RunAsync(work.FullName, TimeSpan.FromMinutes(2),
                "simulate", "--dataset", "synthetic", "--model", "logreg", "--clients", "2", "--rounds", "1", "--privacy", "paillier:bits=1024");

            Assert.Equal(2, exitCode);
            Assert.Contains("test-keys=true", output, StringComparison.Ordinal);
        }
        finally
        {
            TestEnvironment.TryDelete(work);
        }
    }

    private static async Task<float[]> ReadModelAsync(string path) =>
        (await File.ReadAllLinesAsync(path)).Select(l => float.Parse(l, CultureInfo.InvariantCulture)).ToArray();
}
