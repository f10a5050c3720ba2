using Microsoft.Extensions.Hosting;

namespace OrleansFed.Silo.Hosting;

/// <summary>
/// Keeps a second silo process off a SQLite data directory this silo uses: an exclusive lock on
/// <c>{DataDirectory}/silo.lock</c>, held from before the grain runtime starts until after it stops (hosted services
/// stop in reverse order). Two silos on one file would both activate the same grains and fire the same reminders; the
/// ETag checks would keep them from overwriting each other's state, not from that. The lock is the operating system's
/// (released when the process dies, even by <c>kill -9</c>); PostgreSQL storage has its own, a lease that lets a second
/// silo stand by instead.
/// </summary>
internal sealed class DataDirectoryLock(string dataDirectory) : IHostedService, IDisposable
{
    /// <summary>The lock file's name in the data directory.</summary>
    public const string FileName = "silo.lock";

    private FileStream? _lock;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_lock is not null)
        {
            return Task.CompletedTask;
        }

        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        try
        {
            _lock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException(
                $"Another silo is using the data directory {Path.GetFullPath(dataDirectory)} ({path} is locked): stop it first, " +
                "or give this silo a data directory of its own.", ex);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }
}
