using System.CommandLine;

namespace OrleansFed.Cli.Commands;

/// <summary>The <c>orleansfed client</c> command.</summary>
internal static class ClientCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create() => new("client", "(placeholder: being built)");
}
