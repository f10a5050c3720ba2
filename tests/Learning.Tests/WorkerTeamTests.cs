using OrleansFed.Learning.Kernels;
using Xunit;

namespace OrleansFed.Learning.Tests;

public sealed class WorkerTeamTests
{
    [Fact]
    public void Every_chunk_runs_exactly_once_and_never_after_run_returns()
    {
        int violations = 0;
        var callers = new Thread[3];
        for (int t = 0; t < callers.Length; t++)
        {
            int caller = t;
            callers[t] = new Thread(() =>
            {
                var random = new Random(caller);
                for (int run = 0; run < 1500; run++)
                {
                    int count = random.Next(1, 40);
                    var hits = new int[count];
                    int closed = 0;
                    Workers.Run(workers: 3, count, chunk: 1 + random.Next(3), (_, start, end) =>
                    {
                        for (int i = start; i < end; i++)
                        {
                            Interlocked.Increment(ref hits[i]);
                        }

                        Thread.SpinWait(Random.Shared.Next(2000));

                        // A body still running once its Run has returned is the failure this test looks for.
                        if (Volatile.Read(ref closed) != 0)
                        {
                            Interlocked.Increment(ref violations);
                        }
                    });
                    Volatile.Write(ref closed, 1);
                    if (hits.Any(h => h != 1))
                    {
                        Interlocked.Increment(ref violations);
                    }

                    if (run % 100 == 0)
                    {
                        // Long enough for the helpers to stop spinning and block, so later runs wake sleeping helpers.
                        Thread.Sleep(1);
                    }
                }
            });
            callers[t].Start();
        }

        foreach (var thread in callers)
        {
            thread.Join();
        }

        // Let any helper that joined a finished job leave it, then check no body ran after its Run had returned.
        Thread.Sleep(20);
        Assert.Equal(0, Volatile.Read(ref violations));
    }

    [Fact]
    public void A_failing_chunk_is_rethrown_to_the_caller()
    {
        // The range holding index 17 fails, whether it is a chunk of its own or, when another test holds the team and
        // the caller runs the whole range inline, all of [0, 64).
        var error = Assert.Throws<InvalidOperationException>(() => Workers.Run(3, 64, 1, (_, start, end) =>
        {
            if (start <= 17 && 17 < end)
            {
                throw new InvalidOperationException("chunk 17");
            }
        }));
        Assert.Equal("chunk 17", error.Message);
    }
}
