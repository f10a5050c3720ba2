using System.CommandLine;
using OrleansFed.Cli.Commands;

namespace OrleansFed.Cli;

/// <summary>The <c>orleansfed</c> command tree (Program parses the arguments with it; tests parse with it too).</summary>
internal static class CliRoot
{
    /// <summary>Builds the root command with every subcommand.</summary>
    /// <returns>The root command.</returns>
    public static RootCommand Create()
    {
        var root = new RootCommand("OrleansFed: privacy-preserving federated and collaborative learning.");
        root.Subcommands.Add(SiloCommand.Create());
        root.Subcommands.Add(ClientCommand.Create());
        root.Subcommands.Add(CampaignCommand.Create());
        root.Subcommands.Add(SecProbeCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(PrivacyCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }
}
