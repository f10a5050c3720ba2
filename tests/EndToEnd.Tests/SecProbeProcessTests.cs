using System.Globalization;
using System.Text.Json;
using OrleansFed.Client;
using OrleansFed.Interfaces.SecProbe;
using OrleansFed.Learning;
using Xunit;
using Xunit.Abstractions;

namespace OrleansFed.EndToEnd.Tests;

/// <summary>
/// SecProbe as processes: <c>orleansfed silo --secprobe-validation-set</c>, <c>orleansfed secprobe configure</c> and four
/// <c>orleansfed client --protocol secprobe</c> participants on loopback; the campaign runs every round and the clients
/// exit 0 once it has completed.
/// </summary>
public sealed class SecProbeProcessTests(ITestOutputHelper output)
{
    private const string CampaignId = "sp-e2e";
    private const int Clients = 4;

    /// <summary>4×4 images, labels 0–2 (class c bright in row c); written as MNIST-format IDX files.</summary>
    private static Dataset Rows(int count, int seed)
    {
        var random = new Random(seed);
        var features = new float[count * 16];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = random.Next(3);
            for (int f = 0; f < 16; f++)
            {
                features[(i * 16) + f] = (f / 4 == labels[i] ? 160 + random.Next(96) : random.Next(80)) / 255f;
            }
        }

        return new Dataset(features, labels, 16, 10);
    }

    /// <summary>The participants' MNIST-format directory and the silo's validation files.</summary>
    private static (string Data, string Images, string Labels) WriteData(DirectoryInfo work)
    {
        var data = Path.Combine(work.FullName, "rows");
        Directory.CreateDirectory(data);
        IdxWriter.WriteDataset(Rows(800, 1), Path.Combine(data, Mnist.TrainImages), Path.Combine(data, Mnist.TrainLabels), rows: 4);
        IdxWriter.WriteDataset(Rows(100, 2), Path.Combine(data, Mnist.TestImages), Path.Combine(data, Mnist.TestLabels), rows: 4);
        string images = Path.Combine(work.FullName, "val-images"), labels = Path.Combine(work.FullName, "val-labels");
        IdxWriter.WriteDataset(Rows(200, 3), images, labels, rows: 4);
        return (data, images, labels);
    }

    private static OrleansFedProcess StartClient(string work, string url, string campaign, string data, int index) =>
        OrleansFedProcess.Start($"client#{index}", work, "client", "--protocol", "secprobe", "--silo", url,
            "--campaign", campaign, "--data", data, "--clients", Clients.ToString(CultureInfo.InvariantCulture),
            "--index", index.ToString(CultureInfo.InvariantCulture), "--give-up", "120");

    [Fact]
    public async Task Silo_operator_and_participant_processes_run_a_secprobe_campaign_to_completion()
    {
        var work = TestEnvironment.TempDirectory("orleansfed-secprobe-e2e-");
        var (data, images, labels) = WriteData(work);

        var url = $"http://127.0.0.1:{TestEnvironment.FreePort().ToString(CultureInfo.InvariantCulture)}";
        var processes = new List<OrleansFedProcess>();
        using var probe = OrleansFedClient.Create(new Uri(url), new OrleansFedClientOptions { MaxRetryAttempts = 0, RequestTimeout = TimeSpan.FromSeconds(5) });
        try
        {
            var silo = OrleansFedProcess.Start("silo", work.FullName, "silo", "--urls", url, "--in-memory",
                "--secprobe-validation-set", $"rows={images},{labels}");
            processes.Add(silo);
            await ProcessWaits.HealthyAsync(probe, silo, TimeSpan.FromSeconds(60));
            Assert.Contains("SecProbe validation sets: rows", silo.Output, StringComparison.Ordinal);

            var (code, configured) = await OrleansFedProcess.RunAsync(work.FullName, TimeSpan.FromSeconds(60),
                "secprobe", "configure", CampaignId, "--silo", url, "--validation-set", "rows", "--rounds", "3", "--m", "3", "--k", "2",
                "--epsilon", "5", "--hidden", "6", "--coefficient-release", "class-sums");
            Assert.True(code == 0, configured);
            Assert.Contains($"secprobe {CampaignId}: collecting, round 1/3, 0/3 accepted", configured, StringComparison.Ordinal);

            var clients = new List<OrleansFedProcess>();
            for (int i = 0; i < Clients; i++)
            {
                var p = StartClient(work.FullName, url, CampaignId, data, i);
                clients.Add(p);
                processes.Add(p);
            }

            foreach (var c in clients)
            {
                Assert.True(await c.WaitForExitAsync(TimeSpan.FromSeconds(180)), $"{c.Name} did not finish:\n{c.Output}");
                Assert.True(c.ExitCode == 0, $"{c.Name} exited {c.ExitCode}:\n{c.Output}");
                Assert.Contains(": completed;", c.Output, StringComparison.Ordinal);
            }

            var (statusCode, json) = await OrleansFedProcess.RunAsync(work.FullName, TimeSpan.FromSeconds(60),
                "secprobe", "status", CampaignId, "--silo", url, "--json");
            Assert.True(statusCode == 0, json);
            var status = JsonSerializer.Deserialize<SecProbeCampaignStatus>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            Assert.Equal(SecProbeRoundView.Completed, status.Current.Phase);
            Assert.Equal([1, 2, 3], status.History.Select(r => r.Round).ToArray());
            Assert.All(status.History, r => Assert.Equal((3, 2), (r.Accepted.Length, r.Selected.Length)));
            Assert.Equal(6.0, status.SelectionEpsilonSpent, 12);

            var (listCode, listed) = await OrleansFedProcess.RunAsync(work.FullName, TimeSpan.FromSeconds(60), "secprobe", "list", "--silo", url);
            Assert.True(listCode == 0, listed);
            Assert.Contains($"{CampaignId}: completed, round 3/3, validation set rows, selection ε spent 6", listed, StringComparison.Ordinal);

            // The operator scores the final model on the test set the participants' directory holds.
            var (evalCode, evaluated) = await OrleansFedProcess.RunAsync(work.FullName, TimeSpan.FromSeconds(60),
                "secprobe", "evaluate", CampaignId, "--silo", url, "--data", data, "--skip", "10");
            Assert.True(evalCode == 0, evaluated);
            var accuracy = double.Parse(System.Text.RegularExpressions.Regex.Match(evaluated, @"model version 3 \(completed\), accuracy ([0-9.]+) on 90 test tuples").Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(accuracy >= 0.9, evaluated);

            var (badCode, bad) = await OrleansFedProcess.RunAsync(work.FullName, TimeSpan.FromSeconds(60),
                "secprobe", "configure", "sp-bad", "--silo", url, "--validation-set", "rows", "--rounds", "3", "--m", "2", "--k", "3", "--epsilon", "1");
            Assert.NotEqual(0, badCode);
            Assert.Contains("select (K) must be between 1 and 2", bad, StringComparison.Ordinal);
        }
        catch
        {
            ProcessWaits.Dump(output, processes);
            throw;
        }
        finally
        {
            ProcessWaits.DisposeAll(processes, work);
        }
    }

    [Fact]
    public async Task A_kill_9_of_the_silo_mid_campaign_loses_no_round_and_every_ledger_matches_its_participant()
    {
        // Rounds take milliseconds to tens of milliseconds here (long polls wake the participants at once): enough of them
        // that the campaign is certainly still running when the kill lands.
        const int Rounds = 40;
        var work = TestEnvironment.TempDirectory("orleansfed-secprobe-crash-");
        var (data, images, labels) = WriteData(work);
        var url = $"http://127.0.0.1:{TestEnvironment.FreePort().ToString(CultureInfo.InvariantCulture)}";
        string[] siloArgs = ["silo", "--urls", url, "--data-dir", Path.Combine(work.FullName, "silo"), "--secprobe-validation-set", $"rows={images},{labels}"];
        var processes = new List<OrleansFedProcess>();
        using var client = OrleansFedClient.Create(new Uri(url));
        using var probe = OrleansFedClient.Create(new Uri(url), new OrleansFedClientOptions { MaxRetryAttempts = 0, RequestTimeout = TimeSpan.FromSeconds(5) });
        try
        {
            var silo = OrleansFedProcess.Start("silo#1", work.FullName, siloArgs);
            processes.Add(silo);
            await ProcessWaits.HealthyAsync(probe, silo, TimeSpan.FromSeconds(60));
            await client.ConfigureSecProbeAsync(CampaignId, new SecProbeCampaignSpec
            {
                ValidationSet = "rows", Rounds = Rounds, Accept = 3, Select = 2, ParticipantEpsilon = 2, Hidden = 64,
            });
            var clients = Enumerable.Range(0, Clients).Select(i => StartClient(work.FullName, url, CampaignId, data, i)).ToList();
            processes.AddRange(clients);

            // Kill the silo as soon as a participant reports an upload in round 3 (the campaign is then still running: a
            // participant that saw it complete would have exited, which the next assertion rules out).
            await ProcessWaits.ForAsync(
                () => Task.FromResult(clients.Any(c => c.Output.Contains("SecProbe round 3: upload", StringComparison.Ordinal)) ? "seen" : null),
                TimeSpan.FromSeconds(120), "an upload in round 3", processes);
            silo.KillHard();
            output.WriteLine("killed the silo after an upload in round 3");
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.All(clients, c => Assert.False(c.HasExited, $"{c.Name} exited while the silo was down:\n{c.Output}"));

            silo = OrleansFedProcess.Start("silo#2", work.FullName, siloArgs);
            processes.Add(silo);
            await ProcessWaits.HealthyAsync(probe, silo, TimeSpan.FromSeconds(60));
            foreach (var c in clients)
            {
                Assert.True(await c.WaitForExitAsync(TimeSpan.FromSeconds(180)), $"{c.Name} did not finish:\n{c.Output}");
                Assert.True(c.ExitCode == 0, $"{c.Name} exited {c.ExitCode}:\n{c.Output}");
            }

            var status = await client.GetSecProbeStatusAsync(CampaignId);
            Assert.Equal(SecProbeRoundView.Completed, status.Current.Phase);
            Assert.Equal(Enumerable.Range(1, Rounds), status.History.Select(r => r.Round));
            Assert.All(status.History, r => Assert.Equal((3, 2), (r.Accepted.Distinct().Count(), r.Selected.Distinct().Count())));
            Assert.Equal(Rounds * 2 * 1.0, (await client.GetSecProbeCampaignPrivacyAsync(CampaignId)).Epsilon, 9);
            foreach (var c in clients)
            {
                // "participant pN: completed; … own ε count X": the node's count equals the silo's ledger for it.
                var line = System.Text.RegularExpressions.Regex.Match(c.Output, @"participant (p[0-9]+): completed; .* own ε count ([0-9.]+)");
                Assert.True(line.Success, c.Output);
                var ledger = await client.GetSecProbePrivacyAsync(CampaignId, line.Groups[1].Value);
                Assert.Equal(double.Parse(line.Groups[2].Value, CultureInfo.InvariantCulture), ledger.Epsilon, 9);
                Assert.True(ledger.Rounds.Length * 2.0 == ledger.Epsilon, $"{ledger.Ledger}: one charge per round");
            }
        }
        catch
        {
            ProcessWaits.Dump(output, processes);
            throw;
        }
        finally
        {
            ProcessWaits.DisposeAll(processes, work);
        }
    }
}
