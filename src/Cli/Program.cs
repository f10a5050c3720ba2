using System.CommandLine;
using System.CommandLine.Invocation;
using OrleansFed.Cli;

var parse = CliRoot.Create().Parse(args);
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
