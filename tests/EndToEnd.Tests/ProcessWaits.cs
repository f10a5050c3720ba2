using OrleansFed.Client;
using Xunit.Abstractions;

namespace OrleansFed.EndToEnd.Tests;

/// <summary>Bounded waits on processes started by the tests: a silo that answers /healthz, or any condition a probe reports.</summary>
internal static class ProcessWaits
{
    public static async Task HealthyAsync(OrleansFedClient client, OrleansFedProcess silo, TimeSpan timeout)
        => await ForAsync(
            async () =>
            {
                if (silo.HasExited)
                {
                    throw new InvalidOperationException($"{silo.Name} exited with {silo.ExitCode}:\n{silo.Output}");
                }

                try
                {
                    return await client.GetHealthAsync() is { Status: "ok" } ? "ok" : null;
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            },
            timeout,
            $"{silo.Name} healthy",
            [silo]);

    public static async Task<T> ForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, IReadOnlyList<OrleansFedProcess> processes)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Timed out after {timeout} waiting for {what}.\n"
                                   + string.Join("\n", processes.Select(p => $"===== {p.Name} =====\n{p.Output}")));
    }

    /// <summary>Writes every process's output to the test log (after a failure).</summary>
    public static void Dump(ITestOutputHelper output, IEnumerable<OrleansFedProcess> processes)
    {
        foreach (var p in processes)
        {
            output.WriteLine($"===== {p.Name} =====\n{p.Output}");
        }
    }

    /// <summary>Ends every process and removes the work directory.</summary>
    public static void DisposeAll(IEnumerable<OrleansFedProcess> processes, DirectoryInfo work)
    {
        foreach (var p in processes)
        {
            p.Dispose();
        }

        TestEnvironment.TryDelete(work);
    }
}
