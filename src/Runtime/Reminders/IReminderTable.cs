namespace OrleansFed.Runtime;

/// <summary>Durable storage for reminders, keyed by (grain, reminder name).</summary>
public interface IReminderTable
{
    /// <summary>Prepares the table (e.g. opens the database); called once when the runtime starts.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the table is ready.</returns>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads every reminder.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>All stored reminders.</returns>
    Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the reminders of one grain.</summary>
    /// <param name="grainId">The grain.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The grain's reminders.</returns>
    Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken = default);

    /// <summary>Reads one reminder.</summary>
    /// <param name="grainId">The grain.</param>
    /// <param name="reminderName">The reminder's name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The reminder, or <see langword="null"/> if it is not stored.</returns>
    Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces a reminder durably (its <see cref="ReminderEntry.ETag"/> is ignored).</summary>
    /// <param name="entry">The reminder.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The row's new ETag.</returns>
    Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Removes a reminder durably if its ETag still matches.</summary>
    /// <param name="grainId">The grain.</param>
    /// <param name="reminderName">The reminder's name.</param>
    /// <param name="etag">The ETag the caller read.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True if the row was removed; false if it was missing or its ETag had changed.</returns>
    Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string etag, CancellationToken cancellationToken = default);
}
