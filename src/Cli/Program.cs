using System.CommandLine;
using System.CommandLine.Invocation;
using OrleansFed.Cli;
using OrleansFed.Cli.Commands;

var root = new RootCommand("OrleansFed: privacy-preserving federated and collaborative learning.");
root.Subcommands.Add(SiloCommand.Create());
root.Subcommands.Add(ClientCommand.Create());
root.Subcommands.Add(CampaignCommand.Create());
root.Subcommands.Add(SecProbeCommand.Create());
root.Subcommands.Add(SimulateCommand.Create());
root.Subcommands.Add(PrivacyCommand.Create());
root.Subcommands.Add(BenchCommand.Create());

var parse = root.Parse(args);
if (parse.Action is ParseErrorAction)
{
    // Bad arguments: a plain message and exit code 2, never a stack trace.
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
    }

    var names = new List<string>();
    for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
    {
        names.Insert(0, result.Command.Name);
    }

    var path = string.Join(' ', names);
    await Console.Error.WriteLineAsync($"Run '{path} --help' for usage.").ConfigureAwait(false);
    return ExitCodes.Usage;
}

return await parse.InvokeAsync().ConfigureAwait(false);
