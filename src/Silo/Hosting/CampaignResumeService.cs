using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Runtime;
using OrleansFed.Silo.Telemetry;

namespace OrleansFed.Silo.Hosting;

/// <summary>
/// At start-up, re-drives every registered campaign from its durable state (after a crash or restart): an open round
/// attempt gets its plan and deadline reminder back, an overdue deadline fires. Campaigns also re-drive themselves
/// on their first call, so this only makes resumption independent of client traffic.
/// </summary>
internal sealed class CampaignResumeService(IGrainFactory grains, ILogger<CampaignResumeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ids = await grains.GetGrain<ICampaignRegistryGrain>(GrainKeys.Registry).ListAsync();
        var resumed = 0;
        foreach (var id in ids)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                if (await grains.GetGrain<ICampaignGrain>(GrainKeys.Campaign(id)).ResumeFromStorageAsync() is not null)
                {
                    resumed++;
                }
            }
#pragma warning disable CA1031 // One broken campaign must not keep the others from resuming; it is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                SiloLog.ResumeFailed(logger, ex, id);
            }
        }

        SiloLog.CampaignsResumed(logger, resumed);
    }
}
