using System.CommandLine;
using OrleansFed.Cli;
using Xunit;

namespace OrleansFed.EndToEnd.Tests;

/// <summary>
/// Every option of every <c>orleansfed</c> command, given a value that does not convert or is out of range, parses
/// without throwing: the parser or a validator reports it (the process then prints one line and exits 2). Parsing
/// runs every validator, so a validator that reads a value the parser refused is caught here — for options added
/// later too. (A fuzz of the built binary found 114 such crashes before validators were registered with AddSafe.)
/// </summary>
public sealed class CommandLineFuzzTests
{
    private static readonly string[] Values = ["bogus", "-1", "0", "1e999", "", " "];

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var path in Paths(CliRoot.Create(), []))
        {
            data.Add(string.Join(' ', path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_option_given_garbage_parses_without_throwing(string command)
    {
        var path = command.Split(' ');
        var target = path.Aggregate((Command)CliRoot.Create(), (current, name) => current.Subcommands.Single(c => c.Name == name));
        var options = target.Options.Where(o => o.Name is not ("--help" or "-h" or "-?" or "--version")).ToArray();
        Assert.NotEmpty(options);
        foreach (var option in options)
        {
            foreach (var value in Values)
            {
                string[] arguments = [.. path, option.Name, value];
                var exception = Record.Exception(() => CliRoot.Create().Parse(arguments));
                Assert.True(exception is null, $"orleansfed {string.Join(' ', arguments)} threw {exception}");
            }
        }
    }

    /// <summary>Every runnable command (one with options of its own), as its path of names below the root.</summary>
    private static IEnumerable<string[]> Paths(Command command, string[] prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] path = [.. prefix, sub.Name];
            if (sub.Options.Any(o => !o.Name.StartsWith("--help", StringComparison.Ordinal) && o.Name is not ("-h" or "-?")))
            {
                yield return path;
            }

            foreach (var deeper in Paths(sub, path))
            {
                yield return deeper;
            }
        }
    }
}
