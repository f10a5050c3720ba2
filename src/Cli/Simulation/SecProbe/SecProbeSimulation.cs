using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansFed.Client.SecProbe;
using OrleansFed.Grains.Hosting;
using OrleansFed.Grains.Ledger;
using OrleansFed.Grains.SecProbe;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Learning;
using OrleansFed.Learning.SecProbe;
using OrleansFed.Privacy.FunctionalMechanism;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Runtime;

namespace OrleansFed.Cli.Simulation.SecProbe;

/// <summary>
/// Runs SecProbe in one process: the silo's round grains on the grain runtime (memory storage) with the silo's
/// validation set, and N participants training with the functional mechanism. Each round the participants arrive in a
/// seeded random order; the first M upload, everyone later finds the round full and stops. The report holds per-round
/// test figures for the selected average and for the plain average of the same M uploads.
/// </summary>
internal sealed class SecProbeSimulation(SecProbeSettings settings, Action<string>? progress = null)
{
    private const string CampaignId = "secprobe";

    public async Task<SecProbeReport> RunAsync(CancellationToken ct)
    {
        settings.Validate();
        var clock = Stopwatch.StartNew();
        var task = SecProbeTask.Load(settings);
        var network = task.Network(settings.Hidden);
        int n = settings.Clients;
        var roles = AssignRoles(n, settings.UnreliableCount, settings.Malicious, settings.Seed);
        var parties = new SecProbeTask.Party[n];
        for (int p = 0; p < n; p++)
        {
            parties[p] = task.CreateParty(p, n, roles[p] == Role.Unreliable ? settings.NoiseFraction : 0, settings.Seed);
        }

        var options = new FunctionalMechanismOptions
        {
            Epsilon = settings.Epsilon,
            Iterations = settings.Iterations,
            LearningRate = settings.LearningRate,
            Release = settings.CoefficientRelease == "class-sums" ? FunctionalMechanismRelease.ClassSums : FunctionalMechanismRelease.PerClass,
        };
        var trainer = new FunctionalMechanismTrainer(network, options);

        using var host = await StartHostAsync(task.Validator(network), ct).ConfigureAwait(false);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var initial = task.InitialWeights(network, settings.PretrainEpochs, settings.Seed);
        var global = initial;
        var rounds = new List<SecProbeRoundReport>();
        var order = new Random(settings.Seed + 17);
        for (int r = 1; r <= settings.Rounds; r++)
        {
            ct.ThrowIfCancellationRequested();
            var round = grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round(CampaignId, r));
            await round.OpenAsync(new SecProbeRoundSpec(
                CampaignId, r, settings.Accept, settings.Select, settings.SelectionEpsilon, settings.Epsilon,
                settings.UtilitySensitivity, settings.Aggregate == "exponential", global)
            {
                AverageFrom = settings.SiloKeepsHidden ? network.OutputOffset : 0,
                JointSelection = settings.SelectionMechanism == "joint",
            }).ConfigureAwait(false);
            var arrival = Enumerable.Range(0, n).ToArray();
            order.Shuffle(arrival);
            int stopped = 0;
            foreach (int p in arrival)
            {
                var status = await round.GetStatusAsync().ConfigureAwait(false);
                if (status.Phase != SecProbeRoundStatus.Collecting)
                {
                    stopped++;
                    continue;
                }

                var upload = roles[p] == Role.Malicious
                    ? MaliciousUpload.RandomWeights(network.ParameterCount, HashCode.Combine(settings.Seed, p, r))
                    : parties[p].Train(trainer, status.GlobalWeights, NoiseSource(settings.Seed, p, r));
                var receipt = await round.UploadAsync(GrainKeys.ParticipantId(p + 1), upload).ConfigureAwait(false);
                stopped += receipt.Stop ? 1 : 0;
            }

            var result = await round.GetResultAsync().ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Round {r} did not reach {settings.Accept} uploads.");
            global = settings.Aggregate == "all" ? result.AllAcceptedAverage : result.NewGlobalWeights;
            rounds.Add(Summarize(r, result, roles, stopped, task.Evaluate(network, global), task.Evaluate(network, result.AllAcceptedAverage)));
            progress?.Invoke(FormattableString.Invariant(
                $"round {r}: {task.MetricName} {rounds[^1].TestMetric:F4} (FedAvg of the same uploads {rounds[^1].FedAvgSameUploadsMetric:F4}); unreliable selected {rounds[^1].SelectedUnreliable}/{settings.Select}, malicious selected {rounds[^1].SelectedMalicious}"));
        }

        double selectionSpent = await grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger(CampaignId))
            .GetEpsilonAsync("composition", 0).ConfigureAwait(false);
        double maxParticipant = 0;
        for (int p = 0; p < n; p++)
        {
            maxParticipant = Math.Max(maxParticipant, await grains.GetGrain<IPrivacyLedgerGrain>(
                GrainKeys.ParticipantLedger(CampaignId, GrainKeys.ParticipantId(p + 1))).GetEpsilonAsync("composition", 0).ConfigureAwait(false));
        }

        double? standAlone = null, centralized = null, noiseless = null;
        if (settings.Baselines)
        {
            int clean = Array.IndexOf(roles, Role.Reliable);
            if (clean >= 0)
            {
                standAlone = Baseline(task, network, initial, parties[clean], options);
            }

            var union = task.Union(parties, roles.Select(role => role == Role.Reliable).ToArray());
            centralized = Baseline(task, network, initial, union, options);
            noiseless = Baseline(task, network, initial, union, options with { Noiseless = true });
        }

        int selectedTotal = settings.Select * rounds.Count, acceptedTotal = settings.Accept * rounds.Count;
        return new SecProbeReport
        {
            Dataset = settings.Dataset,
            Metric = task.MetricName,
            Clients = n,
            M = settings.Accept,
            K = settings.Select,
            Epsilon = settings.Epsilon,
            SelectionEpsilon = settings.SelectionEpsilon,
            SelectionMechanism = settings.SelectionMechanism,
            UtilitySensitivity = settings.UtilitySensitivity,
            Unreliable = settings.Unreliable,
            UnreliableParticipants = settings.UnreliableCount,
            NoiseFraction = settings.NoiseFraction,
            Malicious = settings.Malicious,
            Aggregate = settings.Aggregate,
            SiloKeepsHidden = settings.SiloKeepsHidden,
            Hidden = settings.Hidden,
            Iterations = settings.Iterations,
            LearningRate = settings.LearningRate ?? (settings.Dataset == "regression"
                ? FunctionalMechanismOptions.DefaultRegressionLearningRate
                : FunctionalMechanismOptions.DefaultLearningRate),
            Seed = settings.Seed,
            FunctionalMechanismSensitivity = task.Sensitivity(trainer, network),
            CoefficientRelease = settings.CoefficientRelease,
            SiloPretrainSize = settings.PretrainSize,
            Rounds = rounds,
            FinalTestMetric = rounds[^1].TestMetric,
            FinalFedAvgSameUploadsMetric = rounds[^1].FedAvgSameUploadsMetric,
            UnreliableSelectionRate = (double)rounds.Sum(x => x.SelectedUnreliable) / selectedTotal,
            UnreliableAcceptedRate = (double)rounds.Sum(x => x.AcceptedUnreliable) / acceptedTotal,
            MaliciousSelectionRate = (double)rounds.Sum(x => x.SelectedMalicious) / selectedTotal,
            MaliciousAcceptedRate = (double)rounds.Sum(x => x.AcceptedMalicious) / acceptedTotal,
            SelectionEpsilonSpent = selectionSpent,
            MaxParticipantEpsilonSpent = maxParticipant,
            StandAloneTestMetric = standAlone,
            CentralizedTestMetric = centralized,
            CentralizedNoiselessTestMetric = noiseless,
            WallSeconds = clock.Elapsed.TotalSeconds,
        };
    }

    internal enum Role
    {
        Reliable,
        Unreliable,
        Malicious,
    }

    /// <summary>⌊R·N⌋ unreliable and COUNT malicious participants, disjoint, chosen by a seeded shuffle.</summary>
    internal static Role[] AssignRoles(int clients, int unreliable, int malicious, int seed)
    {
        var order = Enumerable.Range(0, clients).ToArray();
        new Random(seed + 31).Shuffle(order);
        var roles = new Role[clients];
        for (int i = 0; i < unreliable; i++)
        {
            roles[order[i]] = Role.Unreliable;
        }

        for (int i = unreliable; i < unreliable + malicious; i++)
        {
            roles[order[i]] = Role.Malicious;
        }

        return roles;
    }

    private double Baseline(SecProbeTask task, SecProbeNetwork network, float[] initial, SecProbeTask.Party party, FunctionalMechanismOptions options)
    {
        var trainer = new FunctionalMechanismTrainer(network, options);
        var weights = initial;
        for (int r = 1; r <= settings.Rounds; r++)
        {
            weights = party.Train(trainer, weights, NoiseSource(settings.Seed, -1, r));
        }

        return task.Evaluate(network, weights);
    }

    private static SecProbeRoundReport Summarize(int round, SecProbeRoundResult result, Role[] roles, int stopped, double metric, double fedAvgMetric)
    {
        int Count(IEnumerable<string> ids, Role role) => ids.Count(id => roles[ParticipantIndex(id)] == role);
        double? Mean(Role role)
        {
            var scores = result.Accepted.Select((id, i) => (id, i)).Where(x => roles[ParticipantIndex(x.id)] == role).Select(x => result.Scores[x.i]).ToList();
            return scores.Count == 0 ? null : scores.Average();
        }

        return new SecProbeRoundReport
        {
            Round = round,
            TestMetric = metric,
            FedAvgSameUploadsMetric = fedAvgMetric,
            AcceptedUnreliable = Count(result.Accepted, Role.Unreliable),
            SelectedUnreliable = Count(result.Selected, Role.Unreliable),
            AcceptedMalicious = Count(result.Accepted, Role.Malicious),
            SelectedMalicious = Count(result.Selected, Role.Malicious),
            Stopped = stopped,
            MeanScoreReliable = Mean(Role.Reliable),
            MeanScoreUnreliable = Mean(Role.Unreliable),
            MeanScoreMalicious = Mean(Role.Malicious),
        };
    }

    private static int ParticipantIndex(string id) => int.Parse(id.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) - 1;

    /// <summary>A keyed AES-CTR stream per (seed, participant, round): a CSPRNG, seeded so runs repeat.</summary>
    private static AesCtrRandomSource NoiseSource(int seed, int participant, int round)
    {
        var key = new byte[AesCtrRandomSource.SeedLength];
        BitConverter.TryWriteBytes(key.AsSpan(0, 4), seed);
        BitConverter.TryWriteBytes(key.AsSpan(4, 4), participant);
        BitConverter.TryWriteBytes(key.AsSpan(8, 4), round);
        key[12] = 0x5e;
        return new AesCtrRandomSource(key);
    }

    private static async Task<IHost> StartHostAsync(ISecProbeValidator validator, CancellationToken ct)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddGrainRuntime();
        builder.Services.AddMemoryGrainStorage().AddMemoryReminders();
        builder.Services.AddFederationGrains();
        builder.Services.AddSecProbeGrains(validator);
        var host = builder.Build();
        await host.StartAsync(ct).ConfigureAwait(false);
        return host;
    }
}
