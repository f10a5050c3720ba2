using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansFed.Cli.Hosting;
using OrleansFed.Client;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.SecAgg;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Cli.Commands;

/// <summary>
/// <c>orleansfed bench secagg-round</c>: one plaintext FedAvg round and one <c>secagg</c> round of the same size, in one
/// process and one run, against an in-process SQLite silo over loopback HTTP. Each round is timed from the first
/// participant message to the committed model, with every participant's work (quantizing, key agreement, sharing,
/// masking, unmasking) inside the timing; local training is excluded from both (updates are pre-generated).
/// </summary>
internal static class SecAggRoundBench
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var participants = new Option<int>("--participants") { Description = "Participants per round", DefaultValueFactory = _ => 100, HelpName = "N" };
        var model = new Option<string>("--model") { Description = "Model (mlp: 101,770 parameters)", DefaultValueFactory = _ => "mlp", HelpName = "MODEL" };
        model.AcceptOnlyFromAmong("mlp", "logreg", "cnn");
        var degree = new Option<int>("--degree") { Description = "SecAgg+ neighbourhood size (even; 0 = complete graph)", DefaultValueFactory = _ => 14, HelpName = "K" };
        var json = new Option<string?>("--json") { Description = "Also write the JSON result to this file", HelpName = "FILE" };
        var command = new Command("secagg-round", "Time one plaintext round and one secagg round of N participants and print {plain_seconds, secagg_seconds, ratio}.")
        {
            participants, model, degree, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            int n = parse.GetValue(participants);
            int k = parse.GetValue(degree);
            if (n < 3 || k < 0 || k % 2 != 0)
            {
                Console.Error.WriteLine("error: --participants must be at least 3 and --degree even and ≥ 0.");
                return 2;
            }

            var directory = Directory.CreateTempSubdirectory("orleansfed-bench-secagg-");
            try
            {
                await using var silo = await InProcessSilo.StartAsync(directory.FullName, LogLevel.Warning, ct).ConfigureAwait(false);
                using var client = OrleansFedClient.Create(silo.Address);
                var name = parse.GetValue(model)!;
                var plain = await RoundAsync(client, "bench-plain", name, n, null, ct).ConfigureAwait(false);
                var spec = string.Create(CultureInfo.InvariantCulture, $"secagg:degree={k},step=600");
                var secure = await RoundAsync(client, "bench-secagg", name, n, spec, ct).ConfigureAwait(false);
                var result = new
                {
                    participants = n,
                    parameters = plain.Parameters,
                    degree = k,
                    privacy = secure.Privacy,
                    plain_seconds = plain.Seconds,
                    secagg_seconds = secure.Seconds,
                    ratio = secure.Seconds / plain.Seconds,
                    secagg_contributors = secure.Contributors,
                    secagg_step_done_seconds = new { keys = secure.Steps[0], shares = secure.Steps[1], masked_input = secure.Steps[2], unmask = secure.Steps[3], all = secure.Steps[4] },
                    machine = $"{Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
                };
                var text = JsonSerializer.Serialize(result, Indented);
                Console.WriteLine(text);
                if (parse.GetValue(json) is { Length: > 0 } path)
                {
                    await File.WriteAllTextAsync(path, text + Environment.NewLine, ct).ConfigureAwait(false);
                }

                return 0;
            }
            finally
            {
                try
                {
                    directory.Delete(recursive: true);
                }
                catch (IOException)
                {
                }
            }
        });
        return command;
    }

    private static async Task<(double Seconds, int Parameters, string? Privacy, int Contributors, double[] Steps)> RoundAsync(
        OrleansFedClient client, string id, string model, int n, string? privacy, CancellationToken ct)
    {
        var status = await client.CreateCampaignAsync(new CampaignConfig
        {
            Id = id, Model = model, Rounds = 1, MinParticipants = n, MinEnrolled = n, RoundTimeoutSeconds = 3600, Privacy = privacy,
        }, ct).ConfigureAwait(false);
        var credentials = new ParticipantCredential[n];
        for (var i = 0; i < n; i++)
        {
            credentials[i] = await client.EnrollAsync(id, new EnrollRequest { Name = $"bench-{i}", SampleCount = 600 }, ct).ConfigureAwait(false);
        }

        var global = await client.DownloadModelAsync(id, ct).ConfigureAwait(false);
        var tasks = new TrainingTask[n];
        var weights = new float[n][];
        var noise = new Random(1);
        for (var i = 0; i < n; i++)
        {
            tasks[i] = await client.GetNextTaskAsync(credentials[i], TimeSpan.FromSeconds(10), ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Participant {i} got no task.");
            weights[i] = global.Weights.ToArray();
            for (var j = 0; j < weights[i].Length; j++)
            {
                weights[i][j] += (float)((noise.NextDouble() - 0.5) * 0.02);
            }
        }

        var clock = Stopwatch.StartNew();
        var marks = new double[5];
        void Mark(int step)
        {
            var now = clock.Elapsed.TotalSeconds;
            lock (marks)
            {
                marks[step] = Math.Max(marks[step], now);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, n).Select(i => Task.Run(
            () => privacy is null
                ? client.SubmitUpdateAsync(credentials[i], new UpdateBlob(1, 600, 0.5f, weights[i]), ct)
                : SecAggAsync(client, credentials[i], tasks[i], global.Weights, weights[i], Mark, ct),
            ct))).ConfigureAwait(false);
        Mark(4);
        while ((await client.GetCampaignAsync(id, ct).ConfigureAwait(false)).CompletedRounds < 1)
        {
            await Task.Delay(10, ct).ConfigureAwait(false);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var record = (await client.GetRoundsAsync(id, ct).ConfigureAwait(false))[0];
        return (seconds, global.Weights.Length, status.Config.Privacy, record.Participants, [.. marks.Select(m => Math.Round(m, 3))]);
    }

    /// <summary>One participant's four steps, as <c>ParticipantNode</c> runs them (no training, no dropout).</summary>
    private static async Task SecAggAsync(
        OrleansFedClient client, ParticipantCredential credential, TrainingTask task, ReadOnlyMemory<float> global, float[] weights, Action<int> mark, CancellationToken ct)
    {
        var wait = TimeSpan.FromSeconds(30);
        var view = await client.GetSecAggViewAsync(credential, task.Round, null, TimeSpan.Zero, ct).ConfigureAwait(false);
        var session = view.Session;
        using var protocol = new SecureAggregationClient(session.PartyId, new SecureAggregationParameters(
            session.SessionId, session.ParameterCount + SecAggUpdateCodec.ExtraElements, session.Threshold, session.Degree));
        var keys = protocol.AdvertiseKeys();
        await client.SendSecAggKeysAsync(credential, task.Round, new SecAggPublicKeys
        {
            Attempt = task.Attempt, EncryptionPublicKey = keys.EncryptionPublicKey.ToArray(), MaskingPublicKey = keys.MaskingPublicKey.ToArray(),
        }, ct).ConfigureAwait(false);
        mark(0);
        view = await NextAsync(SecAggPhase.Advertising).ConfigureAwait(false);
        var roster = new KeyRoster(
            [.. view.Roster!.Select(e => new AdvertiseKeysMessage(e.PartyId, e.EncryptionPublicKey, e.MaskingPublicKey))],
            new NeighbourGraph([.. view.RingOrder!.Value], view.GraphDegree ?? 0));
        var shares = await Task.Run(() => protocol.ShareKeys(roster), ct).ConfigureAwait(false);
        await client.SendSecAggSharesAsync(credential, task.Round, new SecAggShareKeys
        {
            Attempt = task.Attempt,
            Shares = [.. shares.Shares.Select(s => new SecAggEncryptedShare(s.Sender, s.Recipient, s.Nonce.ToArray(), s.Ciphertext.ToArray(), s.Tag.ToArray()))],
        }, ct).ConfigureAwait(false);
        mark(1);
        view = await NextAsync(SecAggPhase.SharingKeys).ConfigureAwait(false);
        var masked = await Task.Run(() =>
        {
            var codec = new SecAggUpdateCodec(session.ParameterCount, session.Clip, session.Bits, session.MaxSummands);
            var delta = new float[weights.Length];
            for (var j = 0; j < delta.Length; j++)
            {
                delta[j] = weights[j] - global.Span[j];
            }

            var input = new uint[codec.VectorLength];
            codec.Encode(delta, 600, 0.5f, input, new CryptoRandomSource());
            return protocol.MaskInput(
                new ForwardedShares(session.PartyId, [.. view.ForwardedShares!.Select(s => new EncryptedShare(s.Sender, s.Recipient, s.Nonce, s.Ciphertext, s.Tag))]),
                input);
        }, ct).ConfigureAwait(false);
        await client.SendMaskedInputAsync(credential, task.Round, task.Attempt, masked.MaskedInput, ct).ConfigureAwait(false);
        mark(2);
        view = await NextAsync(SecAggPhase.MaskedInput).ConfigureAwait(false);
        var response = protocol.Unmask(new UnmaskingRequest([.. view.Survivors!.Value], [.. view.Dropped!.Value]));
        await client.SendSecAggUnmaskingAsync(credential, task.Round, new SecAggUnmasking
        {
            Attempt = task.Attempt,
            SelfMaskShares = [.. response.SelfMaskShares.Select(r => new SecAggRevealedShare(r.Owner, r.Share.ToBytes()))],
            MaskingKeyShares = [.. response.MaskingKeyShares.Select(r => new SecAggRevealedShare(r.Owner, r.Share.ToBytes()))],
        }, ct).ConfigureAwait(false);
        mark(3);

        async Task<SecAggView> NextAsync(SecAggPhase current)
        {
            while (true)
            {
                var next = await client.GetSecAggViewAsync(credential, task.Round, current, wait, ct).ConfigureAwait(false);
                if (next.Phase != current)
                {
                    return next;
                }
            }
        }
    }
}
