using OrleansFed.Grains.Campaigns;

namespace OrleansFed.Silo.Api;

/// <summary>The silo's long polls: ask a grain until its answer will do or the deadline passes, woken by the change feed.</summary>
internal static class LongPoll
{
    /// <summary>
    /// Calls <paramref name="ask"/> until <paramref name="done"/> holds of its answer or <paramref name="until"/> has passed,
    /// and returns the last answer. Between asks it waits for <paramref name="key"/>'s change signal — taken before each
    /// ask, so a change between the answer and the wait is not missed — or at most <paramref name="fallback"/>.
    /// </summary>
    public static async Task<T> UntilAsync<T>(
        CampaignChangeFeed changes, string key, DateTimeOffset until, TimeSpan fallback, TimeProvider time,
        Func<Task<T>> ask, Func<T, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = changes.NextChange(key);
            var answer = await ask();
            var remaining = until - time.GetUtcNow();
            if (done(answer) || remaining <= TimeSpan.Zero)
            {
                return answer;
            }

            await Task.WhenAny(changed, Task.Delay(remaining < fallback ? remaining : fallback, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
