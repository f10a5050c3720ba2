using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansFed.Runtime.Diagnostics;

namespace OrleansFed.Runtime;

/// <summary>
/// Makes one silo at a time serve a PostgreSQL schema. The runtime keeps one activation per grain id within a silo; it
/// has no cluster directory, so two silos on one schema would both activate the same grains and both fire their
/// reminders. The lease is a session-level advisory lock held on a connection of its own for the silo's life: a second
/// silo waits at start-up (standing by, without serving HTTP) until the first one stops or dies — a process that is
/// killed loses its connection and with it the lock. If the lease's connection fails while the silo runs, the silo
/// stops itself, since another one may take over.
/// </summary>
public sealed class PostgresSiloLease : IHostedService, IAsyncDisposable
{
    /// <summary>How often a standing-by silo asks for the lease again.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    /// <summary>How often the holder checks that the lease's connection is alive.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan WaitingLogInterval = TimeSpan.FromMinutes(1);

    private readonly PostgresStorageOptions _options;
    private readonly Action _stopSilo;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private NpgsqlConnection? _connection;
    private Task? _watch;
    private volatile bool _held;
    private int _disposed;

    /// <summary>Creates the lease of the schema <paramref name="options"/> name.</summary>
    /// <param name="options">The connection string and schema.</param>
    /// <param name="stopSilo">Called once if the lease is lost while held (the host's <c>StopApplication</c>).</param>
    /// <param name="logger">Where the lease's events go.</param>
    public PostgresSiloLease(PostgresStorageOptions options, Action stopSilo, ILogger<PostgresSiloLease>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        _options = options;
        _stopSilo = stopSilo;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Whether this silo holds the lease now.</summary>
    public bool IsHeld => _held;

    /// <summary>Whether the lease was lost while held (its connection failed), which stopped the silo.</summary>
    public bool WasLost { get; private set; }

    /// <summary>Waits until the lease is this silo's (standing by while another silo holds it).</summary>
    /// <param name="cancellationToken">Gives up waiting (the host's start-up was cancelled).</param>
    /// <returns>A task that completes when the lease is held.</returns>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            return;
        }

        var builder = new NpgsqlConnectionStringBuilder(_options.ConnectionString)
        {
            // The lock lives and dies with this one connection: never return it to a pool.
            Pooling = false,
            ApplicationName = $"orleansfed-silo {Environment.MachineName} pid {Environment.ProcessId}",
            CommandTimeout = 30,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var lastLogged = DateTimeOffset.MinValue;
            while (!await TryLockAsync(connection, cancellationToken))
            {
                if (DateTimeOffset.UtcNow - lastLogged >= WaitingLogInterval)
                {
                    RuntimeLog.LeaseWaiting(_logger, _options.Schema, await HolderAsync(connection, cancellationToken));
                    lastLogged = DateTimeOffset.UtcNow;
                }

                await Task.Delay(RetryInterval, cancellationToken);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        _connection = connection;
        _held = true;
        RuntimeLog.LeaseAcquired(_logger, _options.Schema);
        _watch = WatchAsync(connection, _stopping.Token);
    }

    /// <summary>Gives the lease up (closing its connection releases the lock), after the rest of the silo has stopped.</summary>
    /// <param name="cancellationToken">Not used: closing a connection does not wait.</param>
    /// <returns>A task that completes when the lease is released.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _held = false;
        await _stopping.CancelAsync();
        if (_watch is { } watch)
        {
            await watch;
        }

        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    /// <summary>Releases the lease if it is still held.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        // The container may dispose it twice: as itself and as the hosted service that forwards to it.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }

    private async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@key, 0))", connection);
        command.Parameters.AddWithValue("key", LockKey);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Who holds the lock, for the standby's log line (the application name carries host and process id).</summary>
    private async Task<string> HolderAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce(a.application_name, '') || ' from ' || coalesce(host(a.client_addr), 'a local socket')
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended(@key, 0)
            LIMIT 1
            """,
            connection);
        command.Parameters.AddWithValue("key", LockKey);
        return await command.ExecuteScalarAsync(cancellationToken) as string ?? "unknown";
    }

    private string LockKey => "orleansfed-silo-lease:" + _options.Schema;

    private async Task WatchAsync(NpgsqlConnection connection, CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                await Task.Delay(CheckInterval, stopping);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return; // the silo is stopping and gives the lease up
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                // A check that merely timed out (a starved machine) leaves the session, and the lock, in place; only a
                // connection that is gone has lost it.
                if (connection.FullState.HasFlag(System.Data.ConnectionState.Open) && !connection.FullState.HasFlag(System.Data.ConnectionState.Broken))
                {
                    RuntimeLog.LeaseCheckFailed(_logger, _options.Schema, e);
                    continue;
                }

                _held = false;
                WasLost = true;
                RuntimeLog.LeaseLost(_logger, _options.Schema, e);
                _stopSilo();
                return;
            }
        }
    }
}
