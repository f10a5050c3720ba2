using System.CommandLine;

namespace OrleansFed.Cli.Commands;

/// <summary>The <c>orleansfed bench</c> command.</summary>
internal static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create() => new("bench", "(placeholder: being built)");
}
