using Microsoft.Data.Sqlite;

namespace OrleansFed.Runtime;

/// <summary>
/// The embedded default <see cref="IReminderTable"/>: table <c>reminders</c> in the same SQLite file as the grain
/// state, keyed by (grain type, grain id, reminder name); times are stored as UTC ticks, a one-shot period as -1;
/// ETags come from a counter row in <c>reminder_etag</c> and are never reused.
/// </summary>
public sealed class SqliteReminderTable : IReminderTable, IDisposable
{
    private readonly SqliteStorageOptions _options;
    private readonly Func<SqliteStorageOptions, SqliteDatabase> _open;
    private readonly bool _ownsDatabase;
    private SqliteDatabase? _database;

    /// <summary>Creates a table over the database file described by <paramref name="options"/>, opened by <see cref="StartAsync"/>.</summary>
    /// <param name="options">The file location.</param>
    public SqliteReminderTable(SqliteStorageOptions options)
        : this(options, o => new SqliteDatabase(o.DatabasePath, o.BusyTimeout), ownsDatabase: true)
    {
    }

    internal SqliteReminderTable(SqliteStorageOptions options, Func<SqliteStorageOptions, SqliteDatabase> open, bool ownsDatabase)
    {
        _options = options;
        _open = open;
        _ownsDatabase = ownsDatabase;
    }

    private SqliteDatabase Database => _database ?? throw new InvalidOperationException(
        "The SQLite reminder table was not started; the grain runtime starts it when the host starts.");

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        _database ??= _open(_options);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        Database.RunAsync((c, ct) => QueryAsync(c, "", null, null, ct), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken = default) =>
        Database.RunAsync((c, ct) => QueryAsync(c, "WHERE grain_type = @type AND grain_id = @id", grainId, null, ct), cancellationToken);

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken = default)
    {
        var rows = await Database.RunAsync(
            (c, ct) => QueryAsync(c, "WHERE grain_type = @type AND grain_id = @id AND reminder_name = @name", grainId, reminderName, ct),
            cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken = default) =>
        Database.RunAsync(
            async (connection, ct) =>
            {
                // The ETag comes from a table-wide counter, so a removed and re-inserted row never reuses an old ETag.
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
                await using var next = connection.CreateCommand();
                next.Transaction = transaction;
                next.CommandText = """
                    INSERT INTO reminder_etag (id, value) VALUES (1, 1)
                    ON CONFLICT (id) DO UPDATE SET value = value + 1
                    RETURNING value
                    """;
                var etag = (long)(await next.ExecuteScalarAsync(ct))!;

                await using var upsert = connection.CreateCommand();
                upsert.Transaction = transaction;
                upsert.CommandText = """
                    INSERT INTO reminders (grain_type, grain_id, reminder_name, start_at, period, etag)
                    VALUES (@type, @id, @name, @start, @period, @etag)
                    ON CONFLICT (grain_type, grain_id, reminder_name) DO UPDATE SET
                        start_at = excluded.start_at, period = excluded.period, etag = excluded.etag
                    """;
                AddKey(upsert, entry.GrainId, entry.ReminderName);
                upsert.Parameters.AddWithValue("@start", entry.StartAt.UtcTicks);
                upsert.Parameters.AddWithValue("@period", entry.IsOneShot ? -1L : entry.Period.Ticks);
                upsert.Parameters.AddWithValue("@etag", etag);
                await upsert.ExecuteNonQueryAsync(ct);
                await transaction.CommitAsync(ct);
                return StoredRecord.FormatETag(etag);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string etag, CancellationToken cancellationToken = default)
    {
        if (!StoredRecord.TryParseETag(etag, out var version))
        {
            return Task.FromResult(false);
        }

        return Database.RunAsync(
            async (connection, ct) =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = """
                    DELETE FROM reminders
                    WHERE grain_type = @type AND grain_id = @id AND reminder_name = @name AND etag = @etag
                    """;
                AddKey(command, grainId, reminderName);
                command.Parameters.AddWithValue("@etag", version);
                return await command.ExecuteNonQueryAsync(ct) == 1;
            },
            cancellationToken);
    }

    /// <summary>Closes the database file if this instance opened it.</summary>
    public void Dispose()
    {
        if (_ownsDatabase)
        {
            _database?.Dispose();
        }
    }

    private static async Task<IReadOnlyList<ReminderEntry>> QueryAsync(
        SqliteConnection connection, string where, GrainId? grainId, string? reminderName, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT grain_type, grain_id, reminder_name, start_at, period, etag FROM reminders {where}";
        if (grainId is { } id)
        {
            AddKey(command, id, reminderName ?? "");
        }

        var rows = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var period = reader.GetInt64(4);
            rows.Add(new ReminderEntry(
                new GrainId(reader.GetString(0), reader.GetString(1)),
                reader.GetString(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                period < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromTicks(period),
                StoredRecord.FormatETag(reader.GetInt64(5))));
        }

        return rows;
    }

    private static void AddKey(SqliteCommand command, GrainId grainId, string reminderName)
    {
        command.Parameters.AddWithValue("@type", grainId.Type);
        command.Parameters.AddWithValue("@id", grainId.Key);
        command.Parameters.AddWithValue("@name", reminderName);
    }
}
