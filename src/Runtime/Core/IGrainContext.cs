namespace OrleansFed.Runtime.Core;

/// <summary>What a <see cref="Grain"/> needs from the activation that hosts it.</summary>
internal interface IGrainContext
{
    GrainId GrainId { get; }

    IGrainFactory GrainFactory { get; }

    TimeProvider TimeProvider { get; }

    IServiceProvider Services { get; }

    void DeactivateOnIdle(DeactivationReason reason);

    IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period);

    Task<IGrainReminder> RegisterOrUpdateReminderAsync(string reminderName, TimeSpan dueTime, TimeSpan period);

    Task<IGrainReminder?> GetReminderAsync(string reminderName);

    Task<IReadOnlyList<IGrainReminder>> GetRemindersAsync();

    Task UnregisterReminderAsync(IGrainReminder reminder);
}
