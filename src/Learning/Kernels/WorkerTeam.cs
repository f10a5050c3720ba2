using System.Diagnostics;

namespace OrleansFed.Learning.Kernels;

/// <summary>
/// A small team of persistent helper threads for the kernels' parallel regions. A training step runs a dozen regions
/// a few hundred microseconds apart; thread-pool workers fall asleep between them and each region then pays a
/// wake-up. Helpers here spin for <see cref="SpinMicroseconds"/> after each region (so a region that follows at once
/// starts at once) and only then block. The spin is short on purpose: where the cores are shared with other
/// processes, a helper that spins for milliseconds takes CPU time from the thread doing the work (a 20,000-iteration
/// spin, about 19 ms on the AMD EPYC machine, made two-thread CNN training 0.66–0.71 times as fast as one thread
/// while a `yes` process held a core; with 50 µs it is 0.94–0.98 times, and as fast as before on an idle machine;
/// docs/BENCHMARKS.md). One job runs at a time: a caller that finds the team busy (another tape on another thread),
/// or that is itself inside a region, runs its work inline instead of waiting.
/// </summary>
internal static class WorkerTeam
{
    private const int MaxHelpers = 7;
    /// <summary>How long a helper spins for the next region before it blocks.</summary>
    internal const int SpinMicroseconds = 50;

    private static readonly long SpinTicks = Math.Max(1, Stopwatch.Frequency * SpinMicroseconds / 1_000_000);

    private static readonly object Gate = new();
    private static readonly Helper?[] Helpers = new Helper?[MaxHelpers];
    private static Job? _job;
    private static long _generation;

    [ThreadStatic]
    private static bool _inside;

    /// <summary>Runs <paramref name="body"/>(slot, start, end) over [0, count) in chunks on the caller plus workers − 1 helpers.</summary>
    public static void Run(int workers, int count, int chunk, Action<int, int, int> body)
    {
        workers = Math.Min(workers, MaxHelpers + 1);
        if (_inside || !Monitor.TryEnter(Gate))
        {
            body(0, 0, count);
            return;
        }

        try
        {
            var job = new Job(body, count, chunk, workers - 1);
            Volatile.Write(ref _job, job);
            Interlocked.Increment(ref _generation);
            for (int i = 0; i < workers - 1; i++)
            {
                (Helpers[i] ??= new Helper(i)).Wake();
            }

            _inside = true;
            try
            {
                job.Work(0);
            }
            finally
            {
                _inside = false;
            }

            // Every chunk is claimed now. Wait only for helpers that joined the job (they may still be running a chunk
            // they claimed); a helper that has not woken up yet will find nothing left to claim, so the caller need not
            // wait for the scheduler to run it, which on a machine whose cores are taken can be milliseconds. Chunks are
            // short, so spin rather than block.
            var spin = new SpinWait();
            while (Volatile.Read(ref job.Active) > 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            job.ThrowIfFailed();
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    private sealed class Job(Action<int, int, int> body, int count, int chunk, int helpers)
    {
        private int _next;
        private Exception? _failure;

        /// <summary>Helpers inside <see cref="WorkAsHelper"/>. A helper joins before it claims its first chunk.</summary>
        public int Active;

        public int Helpers { get; } = helpers;

        /// <summary>
        /// A helper's share. The caller's own loop ends only after a claim found every chunk taken, and every chunk a
        /// helper claimed was claimed after that helper joined, so a caller that then reads <see cref="Active"/> = 0
        /// knows no helper can still call the body.
        /// </summary>
        public void WorkAsHelper(int slot)
        {
            Interlocked.Increment(ref Active);
            try
            {
                Work(slot);
            }
            finally
            {
                Interlocked.Decrement(ref Active);
            }
        }

        public void Work(int slot)
        {
            try
            {
                while (Volatile.Read(ref _failure) is null)
                {
                    int start = Interlocked.Add(ref _next, chunk) - chunk;
                    if (start >= count)
                    {
                        return;
                    }

                    body(slot, start, Math.Min(count, start + chunk));
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }
        }

        public void ThrowIfFailed()
        {
            if (_failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_failure).Throw();
            }
        }
    }

    private sealed class Helper
    {
        private readonly int _index;
        private readonly SemaphoreSlim _signal = new(0);
        private int _sleeping;
        private long _seen;

        public Helper(int index)
        {
            _index = index;
            _seen = Interlocked.Read(ref _generation) - 1;
            new Thread(Loop) { IsBackground = true, Name = $"OrleansFed.Learning worker {index + 1}" }.Start();
        }

        public void Wake()
        {
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
            {
                _signal.Release();
            }
        }

        private void Loop()
        {
            _inside = true;
            Job? last = null;
            while (true)
            {
                _seen = WaitForWork();
                Job job = Volatile.Read(ref _job)!;
                if (ReferenceEquals(job, last))
                {
                    // The generation moved on but its job was already handled (seen through an earlier generation).
                    continue;
                }

                last = job;
                if (_index < job.Helpers)
                {
                    job.WorkAsHelper(_index + 1);
                }
            }
        }

        private long WaitForWork()
        {
            while (true)
            {
                long until = Stopwatch.GetTimestamp() + SpinTicks;
                do
                {
                    long generation = Interlocked.Read(ref _generation);
                    if (generation != _seen)
                    {
                        return generation;
                    }

                    Thread.SpinWait(20);
                }
                while (Stopwatch.GetTimestamp() < until);

                // Nothing for a while: block until the next Run wakes this helper.
                Volatile.Write(ref _sleeping, 1);
                long now = Interlocked.Read(ref _generation);
                if (now != _seen)
                {
                    if (Interlocked.Exchange(ref _sleeping, 0) == 0)
                    {
                        // Run already released the semaphore for us: consume that release.
                        _signal.Wait();
                    }

                    return now;
                }

                _signal.Wait();
            }
        }
    }
}
