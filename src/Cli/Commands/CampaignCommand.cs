using System.CommandLine;

namespace OrleansFed.Cli.Commands;

/// <summary>The <c>orleansfed campaign</c> command.</summary>
internal static class CampaignCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create() => new("campaign", "(placeholder: being built)");
}
