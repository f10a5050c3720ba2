using System.CommandLine;
using OrleansFed.Cli.Commands;

var root = new RootCommand("OrleansFed: privacy-preserving federated and collaborative learning.");
root.Subcommands.Add(SiloCommand.Create());
root.Subcommands.Add(ClientCommand.Create());
root.Subcommands.Add(CampaignCommand.Create());
root.Subcommands.Add(SimulateCommand.Create());
root.Subcommands.Add(PrivacyCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
