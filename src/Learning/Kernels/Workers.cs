namespace OrleansFed.Learning.Kernels;

/// <summary>
/// Runs independent chunks of work on a few threads. With one worker everything runs inline on the calling thread
/// (no Parallel.For, no delegates scheduled). With more, each worker is a stable slot (for its scratch and partial
/// sums) that keeps claiming the next chunk from a shared counter, so a worker the OS deschedules does not hold the
/// others up: they simply take its remaining chunks.
/// </summary>
internal static class Workers
{
    /// <summary>Calls body(slot, start, end) over [0, count) in chunks of <paramref name="chunk"/>.</summary>
    public static void Run(int workers, int count, int chunk, Action<int, int, int> body)
    {
        if (count <= 0)
        {
            return;
        }

        workers = Math.Max(1, Math.Min(workers, (count + chunk - 1) / chunk));
        if (workers == 1)
        {
            body(0, 0, count);
            return;
        }

        int next = 0;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, slot =>
        {
            while (true)
            {
                int start = Interlocked.Add(ref next, chunk) - chunk;
                if (start >= count)
                {
                    return;
                }

                body(slot, start, Math.Min(count, start + chunk));
            }
        });
    }

    /// <summary>A chunk size giving each of <paramref name="workers"/> about four chunks of <paramref name="count"/> items.</summary>
    public static int ChunkFor(int count, int workers) => workers <= 1 ? Math.Max(1, count) : Math.Max(1, count / (4 * workers));
}
