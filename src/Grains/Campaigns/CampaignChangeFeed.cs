using System.Collections.Concurrent;

namespace OrleansFed.Grains.Campaigns;

/// <summary>
/// In-process wake-up signal per campaign: the campaign grain pulses it whenever work may have appeared or the campaign
/// ended, so long-polling requests re-ask the grain at once instead of on their next poll interval. Missing a pulse
/// only delays a poller until its fallback interval; it never loses work.
/// </summary>
public sealed class CampaignChangeFeed
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);

    /// <summary>A task that completes at the next pulse of <paramref name="campaignId"/>.</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <returns>The task (it never faults).</returns>
    public Task NextChange(string campaignId) =>
        _signals.GetOrAdd(campaignId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Wakes every waiter of <paramref name="campaignId"/>.</summary>
    /// <param name="campaignId">Campaign id.</param>
    public void Pulse(string campaignId)
    {
        if (_signals.TryRemove(campaignId, out var signal))
        {
            signal.TrySetResult();
        }
    }
}
