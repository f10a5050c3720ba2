using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using OrleansFed.Client;
using OrleansFed.Interfaces.SecProbe;

namespace OrleansFed.Cli.Commands;

/// <summary>The <c>orleansfed secprobe configure|status</c> commands: the operator's calls for SecProbe campaigns on a running silo.</summary>
internal static class SecProbeCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("secprobe", "Configure and inspect SecProbe campaigns on a running silo (docs/secprobe.md).");
        command.Subcommands.Add(ConfigureCommand());
        command.Subcommands.Add(StatusCommand());
        return command;
    }

    private static Command ConfigureCommand()
    {
        var silo = CliOptions.Silo();
        var admin = CliOptions.AdminToken();
        var json = JsonOption();
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
        var command = new Command("configure", "Configure a SecProbe campaign (idempotent for equal settings); participants then enroll with `orleansfed client --protocol secprobe`.")
        {
            id, silo, admin, json, set, rounds, m, k, epsilon, selectionEpsilon, mechanism, release, hidden, pretrain, iterations, step, utility, keepHidden, seed,
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
                };
                using var client = Connect(parse, silo, admin);
                Print(await client.ConfigureSecProbeAsync(parse.GetValue(id)!, spec, ct).ConfigureAwait(false), parse.GetValue(json));
                return ExitCodes.Ok;
            },
            ct));
        return command;
    }

    private static Command StatusCommand()
    {
        var silo = CliOptions.Silo();
        var admin = CliOptions.AdminToken();
        var json = JsonOption();
        var id = IdArgument();
        var command = new Command("status", "Show a SecProbe campaign's round, finished rounds and selection ε spent.") { id, silo, admin, json };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async () =>
            {
                using var client = Connect(parse, silo, admin);
                Print(await client.GetSecProbeStatusAsync(parse.GetValue(id)!, ct).ConfigureAwait(false), parse.GetValue(json));
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

    private static Argument<string> IdArgument() => new("id") { Description = "SecProbe campaign id, [a-z0-9-]{1,64}" };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of text" };

    private static OrleansFedClient Connect(ParseResult parse, Option<string> silo, Option<string?> admin)
        => OrleansFedClient.Create(CliOptions.SiloUri(parse, silo), new OrleansFedClientOptions { AdminToken = parse.GetValue(admin) });
}
