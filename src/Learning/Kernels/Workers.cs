namespace OrleansFed.Learning.Kernels;

/// <summary>
/// Runs independent chunks of work on a few threads. With one worker everything runs inline on the calling thread
/// (nothing is scheduled). With more, each worker is a stable slot (for its scratch and partial sums) that keeps
/// claiming the next chunk from a shared counter, so a worker the OS deschedules does not hold the others up: they
/// take its remaining chunks. The workers are the caller plus the persistent helpers of <see cref="WorkerTeam"/>.
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

        WorkerTeam.Run(workers, count, chunk, body);
    }

    /// <summary>A chunk size giving each of <paramref name="workers"/> about four chunks of <paramref name="count"/> items.</summary>
    public static int ChunkFor(int count, int workers) => workers <= 1 ? Math.Max(1, count) : Math.Max(1, count / (4 * workers));
}
