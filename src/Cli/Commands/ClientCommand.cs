using System.CommandLine;
using Microsoft.Extensions.Logging;
using OrleansFed.Client;
using OrleansFed.Client.Participant;

namespace OrleansFed.Cli.Commands;

/// <summary>The <c>orleansfed client</c> command: one participant training on its partition until the campaign ends.</summary>
internal static class ClientCommand
{
    public static Command Create()
    {
        var silo = CliOptions.Silo();
        var campaign = new Option<string>("--campaign") { Description = "Campaign id to join", Required = true, HelpName = "ID" };
        var data = new Option<string>("--data")
        {
            Description = $"MNIST directory, or '{TrainingData.Synthetic}' for seeded synthetic data of MNIST's shape",
            DefaultValueFactory = _ => "data/mnist",
            HelpName = "DIR",
        };
        var partition = new Option<string>("--partition")
        {
            Description = "How the training set is split among the parties: iid, sizes:n1,n2,… or dirichlet:alpha",
            DefaultValueFactory = _ => "iid",
            HelpName = "SPEC",
        };
        var index = CliOptions.AtLeast("--index", "This participant's partition (0-based)", 0, helpName: "I");
        index.Required = true;
        var clients = new Option<int?>("--clients") { Description = "Number of parties the data is split among (default: the number of sizes of a sizes: spec)", HelpName = "N" };
        clients.Validators.AddSafe(r => { if (r.GetValueOrDefault<int?>() is < 1) { r.AddError("--clients must be at least 1."); } });
        var seed = CliOptions.AtLeast("--seed", "Seed of the data split (and synthetic data); equal for every party", 0, 0, "S");
        var name = new Option<string?>("--name") { Description = "Participant name shown to the silo (default: client-I)", HelpName = "NAME" };
        var stateDir = CliOptions.FilePath("--state-dir", "Keep the enrollment here so a restarted client keeps its identity", "DIR");
        var giveUp = CliOptions.Positive("--give-up", "Seconds to keep reconnecting to an unreachable silo before giving up", 600, "SECONDS");
        var pollWait = CliOptions.AtLeast("--poll-wait", "Seconds each long poll for a task may wait (0-60)", 0, 30, "SECONDS");
        pollWait.Validators.AddSafe(r => { if (r.GetValueOrDefault<int>() > 60) { r.AddError("--poll-wait must be at most 60."); } });
        var syntheticCount = CliOptions.Positive("--synthetic-samples", "Training-set size of synthetic data", TrainingData.DefaultSyntheticTrainCount);
        var verbose = new Option<bool>("--verbose") { Description = "Debug-level logs" };
        var protocol = CliOptions.OneOf("--protocol", "fedavg (ordinary campaigns, /v1/campaigns) or secprobe (SecProbe campaigns, /v1/secprobe)", "fedavg", "fedavg", "secprobe");
        var budget = new Option<double?>("--epsilon-budget")
        {
            Description = "The node's own ε budget (default: no limit of its own). SecProbe: stop uploading once another upload (ε₂ each, accepted or not) would exceed it; dp-sgd campaigns: stop before a local DP-SGD run that would take its ε (RDP, the task's δ) past it",
            HelpName = "E",
        };
        budget.Validators.AddSafe(r => { if (r.GetValueOrDefault<double?>() is { } b && !(b > 0 && double.IsFinite(b))) { r.AddError("--epsilon-budget must be positive and finite."); } });

        var command = new Command("client", "Run one participant: enroll, train on its partition each round, upload, until the campaign ends.")
        {
            silo, campaign, data, partition, index, clients, seed, name, stateDir, giveUp, pollWait, syntheticCount, verbose, protocol, budget,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async () =>
            {
                var siloUri = CliOptions.SiloUri(parse, silo);
                var spec = parse.GetValue(partition)!;
                var parties = TrainingData.ResolveParties(parse.GetValue(clients), spec);
                var i = parse.GetValue(index);
                if (i >= parties)
                {
                    throw new UsageException($"--index {i} is out of range for {parties} parties (0..{parties - 1}).");
                }

                var s = parse.GetValue(seed);
                var (train, _) = TrainingData.Load(parse.GetValue(data)!, s, parse.GetValue(syntheticCount));
                var local = train.Subset(TrainingData.Split(train, spec, parties, s)[i]);

                using var loggers = ConsoleLogging.Create(parse.GetValue(verbose) ? LogLevel.Debug : LogLevel.Information);
                var logger = loggers.CreateLogger("OrleansFed.Client");
                using var client = OrleansFedClient.Create(siloUri, logger: loggers.CreateLogger<OrleansFedClient>());
                var node = new ParticipantNode(
                    client,
                    local,
                    new ParticipantNodeOptions
                    {
                        CampaignId = parse.GetValue(campaign)!,
                        Name = parse.GetValue(name) ?? $"client-{i}",
                        StateDirectory = parse.GetValue(stateDir),
                        GiveUpAfter = TimeSpan.FromSeconds(parse.GetValue(giveUp)),
                        PollWait = TimeSpan.FromSeconds(parse.GetValue(pollWait)),
                        Seed = s + i,
                        SecProbeEpsilonBudget = parse.GetValue(budget),
                        DpSgdEpsilonBudget = parse.GetValue(budget),
                    },
                    logger);
                if (parse.GetValue(protocol) == "secprobe")
                {
                    var run = await node.RunSecProbeAsync(ct).ConfigureAwait(false);
                    await Console.Out.WriteLineAsync(FormattableString.Invariant(
                        $"participant {run.ParticipantId}: {run.EndReason}; {run.RoundsAccepted} upload(s) accepted, {run.RoundsStopped} stopped, {run.RoundsSkipped} not sent (round full after training), own ε count {run.EpsilonSpent:G6}"))
                        .ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                var summary = await node.RunAsync(ct).ConfigureAwait(false);
                await Console.Out.WriteLineAsync(
                    $"participant {summary.ParticipantId}: {(summary.EndReason?.StartsWith("budget:", StringComparison.Ordinal) == true ? summary.EndReason : $"campaign ended ({summary.EndReason})")}; {summary.RoundsSubmitted} round(s) submitted, "
                    + $"{summary.Reconnects} reconnect(s)").ConfigureAwait(false);
                return ExitCodes.Ok;
            },
            ct));
        return command;
    }
}
