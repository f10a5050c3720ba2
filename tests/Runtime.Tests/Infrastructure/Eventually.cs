namespace OrleansFed.Runtime.Tests.Infrastructure;

/// <summary>Waits for asynchronous work (turns scheduled on the thread pool) to reach a state. The limit only guards
/// against hangs; no test asserts on elapsed time.</summary>
public static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    public static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not reached within {Limit}: {what}");
            }

            await Task.Delay(2);
        }
    }

    /// <summary>Lets queued turns run: returns once the thread pool has had several chances to make progress.</summary>
    public static async Task Settle()
    {
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(1);
        }
    }
}
