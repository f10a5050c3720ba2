using System.CommandLine;

namespace OrleansFed.Cli.Commands;

/// <summary>The <c>orleansfed privacy</c> command.</summary>
internal static class PrivacyCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create() => new("privacy", "(placeholder: being built)");
}
