using System.CommandLine;

namespace OrleansFed.Cli.Commands;

/// <summary>The <c>orleansfed simulate</c> command.</summary>
internal static class SimulateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create() => new("simulate", "(placeholder: being built)");
}
