namespace OrleansFed.Learning.Kernels;

/// <summary>Static partitioning of independent work over a few threads; one worker runs inline with no overhead.</summary>
internal static class Workers
{
    public static void Run(int workers, Action<int> body)
    {
        if (workers <= 1)
        {
            body(0);
            return;
        }

        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, body);
    }

    /// <summary>The [start, end) share of <paramref name="count"/> items for <paramref name="worker"/>.</summary>
    public static (int Start, int End) Range(int count, int worker, int workers) =>
        ((int)((long)count * worker / workers), (int)((long)count * (worker + 1) / workers));
}
