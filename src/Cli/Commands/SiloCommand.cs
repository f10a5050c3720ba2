using System.CommandLine;

namespace OrleansFed.Cli.Commands;

/// <summary>The <c>orleansfed silo</c> command.</summary>
internal static class SiloCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create() => new("silo", "(placeholder: being built)");
}
