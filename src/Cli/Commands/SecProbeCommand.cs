using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using OrleansFed.Client;
using OrleansFed.Interfaces.SecProbe;
using OrleansFed.Learning;
using OrleansFed.Learning.SecProbe;

namespace OrleansFed.Cli.Commands;

/// <summary>The <c>orleansfed secprobe configure|list|status|evaluate|stop</c> commands: the operator's calls for SecProbe campaigns on a running silo.</summary>
internal static class SecProbeCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("secprobe", "Configure and inspect SecProbe campaigns on a running silo (docs/secprobe.md).");
        command.Subcommands.Add(ConfigureCommand());
        command.Subcommands.Add(StatusCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(EvaluateCommand());
        command.Subcommands.Add(StopCommand());
        return command;
    }

    private static Command ConfigureCommand()
    {
        var silo = CliOptions.Silo();
        var admin = CliOptions.AdminToken();
        var json = CliOptions.Json();
        var id = IdArgument();
        var set = new Option<string>("--validation-set") { Description = "Name of the silo's validation set (Silo:SecProbeValidationSets:NAME)", Required = true, HelpName = "NAME" };
        var rounds = CliOptions.Positive("--rounds", "Rounds to run");
        rounds.Required = true;
        var m = CliOptions.Positive("--m", "M: uploads a round accepts before it tells the rest to stop");
        m.Required = true;
        var k = CliOptions.Positive("--k", "K ≤ M: uploads selected and averaged");
        k.Required = true;
        var epsilon = new Option<double>("--epsilon") { Description = "ε₂: each participant's functional-mechanism budget per upload", Required = true, HelpName = "E" };
        var selectionEpsilon = new Option<double>("--selection-epsilon")
        {
            Description = "ε₁ of each of the K selection draws (Kε₁ per round in the campaign ledger)",
            DefaultValueFactory = _ => SecProbeCampaignSpec.DefaultSelectionEpsilon,
            HelpName = "E1",
        };
        var mechanism = CliOptions.OneOf("--selection-mechanism", "sequential (the paper's K draws of ε₁) or joint (one draw over K-sets, budget Kε₁)",
            SecProbeCampaignSpec.SequentialSelection, SecProbeCampaignSpec.SequentialSelection, SecProbeCampaignSpec.JointSelection);
        var release = CliOptions.OneOf("--coefficient-release", "per-class (Lemma 4) or class-sums (per-class sums and one Gram matrix)",
            SecProbeCampaignSpec.PerClassRelease, SecProbeCampaignSpec.PerClassRelease, SecProbeCampaignSpec.ClassSumsRelease);
        var hidden = CliOptions.Positive("--hidden", "Bounded hidden units", SecProbeCampaignSpec.DefaultHidden);
        var pretrain = CliOptions.AtLeast("--pretrain-epochs", "Epochs the silo trains its hidden layer on the validation set", 0, SecProbeCampaignSpec.DefaultPretrainEpochs);
        var iterations = CliOptions.Positive("--iterations", "I: the participants' gradient iterations per round", SecProbeCampaignSpec.DefaultIterations);
        var step = new Option<double>("--step-size") { Description = "ρ: the participants' relative step", DefaultValueFactory = _ => SecProbeCampaignSpec.DefaultLearningRate, HelpName = "X" };
        var utility = new Option<double>("--utility-sensitivity") { Description = "Δu of the validation accuracy", DefaultValueFactory = _ => SecProbeCampaignSpec.DefaultUtilitySensitivity, HelpName = "X" };
        var keepHidden = new Option<bool>("--silo-keeps-hidden") { Description = "Average only the output layer; the silo keeps its hidden layer" };
        var seed = CliOptions.AtLeast("--seed", "Seed of the silo's initial weights and pretraining", 0, 0, "S");
        var participantBudget = new Option<double?>("--participant-epsilon-budget")
        {
            Description = "The most ε a participant may spend in the campaign; the silo then refuses its claims and uploads (default: no cap)",
            HelpName = "E",
        };
        var claimTimeout = CliOptions.Positive("--claim-timeout", "Seconds a participant's claimed place in a round is held for it (download, train, upload)",
            SecProbeCampaignSpec.DefaultClaimTimeoutSeconds, "SECONDS");
        var command = new Command("configure", "Configure a SecProbe campaign (idempotent for equal settings); participants then enroll with `orleansfed client --protocol secprobe`.")
        {
            id, silo, admin, json, set, rounds, m, k, epsilon, selectionEpsilon, mechanism, release, hidden, pretrain, iterations, step, utility, keepHidden, seed, claimTimeout, participantBudget,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async () =>
            {
                var spec = new SecProbeCampaignSpec
                {
                    ValidationSet = parse.GetValue(set)!,
                    Rounds = parse.GetValue(rounds),
                    Accept = parse.GetValue(m),
                    Select = parse.GetValue(k),
                    ParticipantEpsilon = parse.GetValue(epsilon),
                    SelectionEpsilon = parse.GetValue(selectionEpsilon),
                    SelectionMechanism = parse.GetValue(mechanism)!,
                    CoefficientRelease = parse.GetValue(release)!,
                    Hidden = parse.GetValue(hidden),
                    PretrainEpochs = parse.GetValue(pretrain),
                    Iterations = parse.GetValue(iterations),
                    LearningRate = parse.GetValue(step),
                    UtilitySensitivity = parse.GetValue(utility),
                    SiloKeepsHidden = parse.GetValue(keepHidden),
                    Seed = parse.GetValue(seed),
                    ClaimTimeoutSeconds = parse.GetValue(claimTimeout),
                    ParticipantEpsilonBudget = parse.GetValue(participantBudget),
                };
                using var client = CliOptions.AdminClient(parse, silo, admin);
                Print(await client.ConfigureSecProbeAsync(parse.GetValue(id)!, spec, ct).ConfigureAwait(false), parse.GetValue(json));
                return ExitCodes.Ok;
            },
            ct));
        return command;
    }

    private static Command ListCommand() => CliOptions.AdminCommand(
        "list", "List the silo's SecProbe campaigns with their round and phase.", id: null,
        (client, _, ct) => client.ListSecProbeCampaignsAsync(ct), PrintList);

    private static void PrintList(IReadOnlyList<SecProbeCampaignStatus> campaigns, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(campaigns, Json));
            return;
        }

        foreach (var campaign in campaigns)
        {
            var now = campaign.Current;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{now.CampaignId}: {now.Phase}, round {now.Round}/{now.Rounds}, validation set {campaign.Spec.ValidationSet}, selection ε spent {campaign.SelectionEpsilonSpent:G6}"));
        }
    }

    private static Command StatusCommand() => CliOptions.AdminIdCommand(
        "status", "Show a SecProbe campaign's round, finished rounds and selection ε spent.", IdDescription,
        (client, id, ct) => client.GetSecProbeStatusAsync(id, ct), Print);

    private static Command StopCommand() => CliOptions.AdminIdCommand(
        "stop", "Stop a SecProbe campaign before its last round (the model stays the last selected average).", IdDescription,
        (client, id, ct) => client.StopSecProbeAsync(id, ct), Print);

    private static Command EvaluateCommand()
    {
        var silo = CliOptions.Silo();
        var admin = CliOptions.AdminToken();
        var id = IdArgument();
        var data = new Option<string>("--data") { Description = "MNIST-format directory whose test set is scored", DefaultValueFactory = _ => "data/mnist", HelpName = "DIR" };
        var skip = CliOptions.AtLeast("--skip", "Leave out the first N test tuples (e.g. the ones the silo uses as its validation set)", 0, 0);
        var command = new Command("evaluate", "Download a SecProbe campaign's global model and report its accuracy on a local test set.") { id, silo, admin, data, skip };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async () =>
            {
                var directory = parse.GetValue(data)!;
                if (!Mnist.Exists(directory))
                {
                    throw new UsageException($"--data '{directory}' does not hold the four MNIST IDX files; run scripts/fetch-mnist.sh.");
                }

                var (_, test) = Mnist.Load(directory);
                int from = parse.GetValue(skip);
                if (from >= test.Count)
                {
                    throw new UsageException($"--skip {from} leaves none of the {test.Count} test tuples.");
                }

                using var client = CliOptions.AdminClient(parse, silo, admin);
                string campaignId = parse.GetValue(id)!;
                var view = (await client.GetSecProbeStatusAsync(campaignId, ct).ConfigureAwait(false)).Current;
                var model = await client.DownloadSecProbeModelAsync(campaignId, ct).ConfigureAwait(false);
                if (test.FeatureCount != view.Inputs || test.ClassCount != view.Outputs)
                {
                    throw new UsageException($"The campaign's network takes {view.Inputs} features and {view.Outputs} classes; {directory} has {test.FeatureCount} and {test.ClassCount}.");
                }

                var network = new SecProbeNetwork(view.Inputs, view.Hidden, view.Outputs, view.FeatureScale);
                var scored = test.Subset(Enumerable.Range(from, test.Count - from).ToArray());
                double accuracy = network.Accuracy(model.Weights.Span, scored);
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"secprobe {campaignId}: model version {model.ModelVersion} ({view.Phase}), accuracy {accuracy:F4} on {scored.Count} test tuples")).ConfigureAwait(false);
                return ExitCodes.Ok;
            },
            ct));
        return command;
    }

    private static void Print(SecProbeCampaignStatus status, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(status, Json));
            return;
        }

        var now = status.Current;
        var spec = status.Spec;
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"secprobe {now.CampaignId}: {now.Phase}, round {now.Round}/{now.Rounds}, {now.Accepted}/{now.Accept} accepted; K = {spec.Select}, ε₂ = {spec.ParticipantEpsilon} per upload, selection ε spent {status.SelectionEpsilonSpent:G6} ({spec.SelectionMechanism})"));
        foreach (var round in status.History)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round.Round}: accepted {string.Join(' ', round.Accepted)}; selected {string.Join(' ', round.Selected)}"));
        }
    }

    private const string IdDescription = "SecProbe campaign id, [a-z0-9-]{1,64}";

    private static Argument<string> IdArgument() => new("id") { Description = IdDescription };
}
