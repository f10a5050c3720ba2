using System.Data.Common;

namespace OrleansFed.Runtime;

/// <summary>
/// The reminder logic the SQLite and PostgreSQL tables share: rows keyed by (grain type, grain id, reminder name),
/// times as UTC ticks, a one-shot period as -1, ETags from a table-wide counter row so a removed and re-inserted
/// reminder never reuses an old ETag.
/// </summary>
internal sealed class RelationalReminderStore(IRelationalDatabase database)
{
    private readonly RelationalTables _tables = database.Tables;

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken) =>
        database.RunAsync((c, ct) => QueryAsync(c, "", null, null, ct), cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken) =>
        database.RunAsync((c, ct) => QueryAsync(c, "WHERE grain_type = @type AND grain_id = @id", grainId, null, ct), cancellationToken);

    public async Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var rows = await database.RunAsync(
            (c, ct) => QueryAsync(c, "WHERE grain_type = @type AND grain_id = @id AND reminder_name = @name", grainId, reminderName, ct),
            cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken) =>
        database.RunAsync(
            async (connection, ct) =>
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await using var next = connection.CreateCommand();
                next.Transaction = transaction;
                next.CommandText = $"""
                    INSERT INTO {_tables.ReminderEtag} AS counter (id, value) VALUES (1, 1)
                    ON CONFLICT (id) DO UPDATE SET value = counter.value + 1
                    RETURNING value
                    """;
                var etag = Convert.ToInt64(await next.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);

                await using var upsert = connection.CreateCommand();
                upsert.Transaction = transaction;
                upsert.CommandText = $"""
                    INSERT INTO {_tables.Reminders} (grain_type, grain_id, reminder_name, start_at, period, etag)
                    VALUES (@type, @id, @name, @start, @period, @etag)
                    ON CONFLICT (grain_type, grain_id, reminder_name) DO UPDATE SET
                        start_at = excluded.start_at, period = excluded.period, etag = excluded.etag
                    """;
                AddKey(upsert, entry.GrainId, entry.ReminderName);
                upsert.Add("@start", entry.StartAt.UtcTicks);
                upsert.Add("@period", entry.IsOneShot ? -1L : entry.Period.Ticks);
                upsert.Add("@etag", etag);
                await upsert.ExecuteNonQueryAsync(ct);
                await transaction.CommitAsync(ct);
                return StoredRecord.FormatETag(etag);
            },
            cancellationToken);

    public Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string etag, CancellationToken cancellationToken)
    {
        if (!StoredRecord.TryParseETag(etag, out var version))
        {
            return Task.FromResult(false);
        }

        return database.RunAsync(
            async (connection, ct) =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"""
                    DELETE FROM {_tables.Reminders}
                    WHERE grain_type = @type AND grain_id = @id AND reminder_name = @name AND etag = @etag
                    """;
                AddKey(command, grainId, reminderName);
                command.Add("@etag", version);
                return await command.ExecuteNonQueryAsync(ct) == 1;
            },
            cancellationToken);
    }

    private async Task<IReadOnlyList<ReminderEntry>> QueryAsync(
        DbConnection connection, string where, GrainId? grainId, string? reminderName, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT grain_type, grain_id, reminder_name, start_at, period, etag FROM {_tables.Reminders} {where}";
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

    private static void AddKey(DbCommand command, GrainId grainId, string reminderName)
    {
        command.Add("@type", grainId.Type);
        command.Add("@id", grainId.Key);
        command.Add("@name", reminderName);
    }
}
