using System.Data.Common;
using Npgsql;

namespace OrleansFed.Runtime;

/// <summary>
/// A pooled PostgreSQL data source (Npgsql) with the provider tables in one schema. The schema and tables are created
/// on first use under an advisory lock, so silos starting together do not race on the DDL. Every statement runs in
/// its own pooled connection and commits on its own (PostgreSQL's default <c>synchronous_commit = on</c>: durable
/// once the call returns).
/// </summary>
internal sealed class PostgresDatabase : IRelationalDatabase, IDisposable
{
    // Any fixed 64-bit key; it only has to be the same in every silo that shares the database.
    private const long SchemaLockKey = 0x4F726C65616E73;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly int _commandTimeoutSeconds;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public PostgresDatabase(PostgresStorageOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        if (!PostgresStorageOptionsValidator.IsSchemaName(options.Schema))
        {
            // Also checked at start-up by the options validator; this guards direct construction, since the name goes into DDL.
            throw new ArgumentException($"Schema must be a lower-case SQL identifier of at most 63 characters; it is '{options.Schema}'.", nameof(options));
        }

        _schema = options.Schema;
        _commandTimeoutSeconds = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            CommandTimeout = _commandTimeoutSeconds,
        };
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        Tables = RelationalTables.Under($"\"{_schema}\".");
    }

    public RelationalTables Tables { get; }

    /// <summary>The key the database set shares instances by: the same server, database, user and schema.</summary>
    public static string KeyOf(PostgresStorageOptions options) => $"{options.ConnectionString}\n{options.Schema}";

    public async Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await work(connection, cancellationToken);
    }

    /// <summary>timestamptz takes a UTC <see cref="DateTimeOffset"/>.</summary>
    public object Timestamp(DateTimeOffset now) => now.ToUniversalTime();

    /// <summary>Creates the schema and tables if they are missing; a no-op after the first success.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"""
                SELECT pg_advisory_xact_lock({SchemaLockKey});
                CREATE SCHEMA IF NOT EXISTS "{_schema}";
                DO $ddl$
                BEGIN
                    IF to_regclass('{Tables.GrainState}') IS NULL THEN
                        CREATE TABLE {Tables.GrainState} (
                            state_name text        NOT NULL,
                            grain_type text        NOT NULL,
                            grain_id   text        NOT NULL,
                            etag       bigint      NOT NULL,
                            payload    bytea       NULL,
                            updated_at timestamptz NOT NULL,
                            PRIMARY KEY (state_name, grain_type, grain_id)
                        );
                        -- Out of line but uncompressed: checkpoints are hundreds of KB of base64 floats, which pglz
                        -- barely shrinks; compressing them made a checkpoint write 3.8 times slower (BENCHMARKS.md).
                        ALTER TABLE {Tables.GrainState} ALTER COLUMN payload SET STORAGE EXTERNAL;
                    END IF;
                END
                $ddl$;
                CREATE TABLE IF NOT EXISTS {Tables.Reminders} (
                    grain_type    text   NOT NULL,
                    grain_id      text   NOT NULL,
                    reminder_name text   NOT NULL,
                    start_at      bigint NOT NULL,
                    period        bigint NOT NULL,
                    etag          bigint NOT NULL,
                    PRIMARY KEY (grain_type, grain_id, reminder_name)
                );
                CREATE TABLE IF NOT EXISTS {Tables.ReminderEtag} (
                    id    integer PRIMARY KEY CHECK (id = 1),
                    value bigint  NOT NULL
                );
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    public void Dispose()
    {
        _dataSource.Dispose();
        _schemaGate.Dispose();
    }
}
