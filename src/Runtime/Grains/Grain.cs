using OrleansFed.Runtime.Core;

namespace OrleansFed.Runtime;

/// <summary>
/// Base class of every grain. The runtime creates one activation per grain id, injects constructor parameters from
/// the host's service provider plus <see cref="PersistentStateAttribute"/> states (read before
/// <see cref="OnActivateAsync"/>), and runs its calls as turns (one at a time unless <see cref="ReentrantAttribute"/>).
/// </summary>
public abstract class Grain
{
    private readonly IGrainContext? _context;

    /// <summary>Binds the grain to the activation being constructed by the runtime.</summary>
    protected Grain() => _context = GrainConstruction.Current;

    private IGrainContext Context => _context ?? throw new InvalidOperationException(
        $"Grain {GetType().Name} was not created by the grain runtime; grains are activated through IGrainFactory references.");

    /// <summary>This grain's id (grain type name and key).</summary>
    public GrainId GrainId => Context.GrainId;

    /// <summary>The factory for references to other grains (and to this one).</summary>
    protected IGrainFactory GrainFactory => Context.GrainFactory;

    /// <summary>The runtime's clock; use it for every time-dependent decision so tests can move time.</summary>
    protected TimeProvider TimeProvider => Context.TimeProvider;

    /// <summary>The host's service provider.</summary>
    protected IServiceProvider ServiceProvider => Context.Services;

    /// <summary>Returns the string key of a grain with a string key (or the "D" formatted key of a GUID-keyed grain).</summary>
    /// <returns>The grain's key.</returns>
    public string GetPrimaryKeyString() => Context.GrainId.Key;

    /// <summary>Returns the GUID key of a grain with a GUID key.</summary>
    /// <returns>The grain's key.</returns>
    /// <exception cref="InvalidOperationException">The grain's key is not a GUID.</exception>
    public Guid GetPrimaryKey() => Guid.TryParseExact(Context.GrainId.Key, "D", out var key)
        ? key
        : throw new InvalidOperationException($"Grain {Context.GrainId} does not have a GUID key.");

    /// <summary>Called once after the persistent states were read and before the first call is delivered.</summary>
    /// <param name="cancellationToken">Cancelled when the runtime stops.</param>
    /// <returns>A task that completes when the activation is ready; if it fails, the call that caused the
    /// activation fails with <see cref="GrainActivationException"/>.</returns>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called once when the activation is deactivated, after its last turn and before it is dropped.</summary>
    /// <param name="reason">Why the activation is being deactivated.</param>
    /// <param name="cancellationToken">Cancelled when <see cref="GrainRuntimeOptions.DeactivationTimeout"/> elapses.</param>
    /// <returns>A task that completes when the grain has finished deactivating.</returns>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Asks the runtime to deactivate this activation once the current turn completes. Calls queued behind
    /// it are delivered to a fresh activation.</summary>
    protected void DeactivateOnIdle() => Context.DeactivateOnIdle(
        new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    /// <summary>
    /// Writes <paramref name="state"/>; if the write fails, asks for deactivation before rethrowing, because the memory
    /// may now be ahead of storage and the next call must start from what is durable.
    /// </summary>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <param name="state">One of this grain's persistent states.</param>
    /// <returns>A task that completes once the write is durable.</returns>
    protected async Task WriteStateOrDeactivateAsync<TState>(IPersistentState<TState> state)
        where TState : new()
    {
        ArgumentNullException.ThrowIfNull(state);
        try
        {
            await state.WriteStateAsync().ConfigureAwait(true);
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Registers a timer whose callback runs as a turn of this activation.</summary>
    /// <param name="callback">The callback; its token is cancelled when the timer is disposed or the activation deactivates.</param>
    /// <param name="dueTime">Delay until the first tick.</param>
    /// <param name="period">Delay from the end of one tick to the next; <see cref="Timeout.InfiniteTimeSpan"/> for one tick.</param>
    /// <returns>The timer; dispose it to stop it.</returns>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Context.RegisterTimer(callback, dueTime, period);

    /// <summary>Registers (or replaces) a durable reminder. The grain must implement <see cref="IRemindable"/>.</summary>
    /// <param name="reminderName">The reminder's name, unique per grain.</param>
    /// <param name="dueTime">Delay until the first tick (zero or more; short delays are allowed, e.g. round deadlines).</param>
    /// <param name="period">Period between ticks, at least <see cref="GrainRuntimeOptions.MinimumReminderPeriod"/>, or
    /// <see cref="Timeout.InfiniteTimeSpan"/> for a one-shot reminder that is removed after its tick was delivered.</param>
    /// <returns>A handle to the reminder, once it is durable in the reminder table.</returns>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        Context.RegisterOrUpdateReminderAsync(reminderName, dueTime, period);

    /// <summary>Gets a reminder of this grain by name.</summary>
    /// <param name="reminderName">The reminder's name.</param>
    /// <returns>The reminder, or <see langword="null"/> if none is registered under that name.</returns>
    protected Task<IGrainReminder?> GetReminder(string reminderName) => Context.GetReminderAsync(reminderName);

    /// <summary>Gets all reminders of this grain.</summary>
    /// <returns>The reminders.</returns>
    protected Task<IReadOnlyList<IGrainReminder>> GetReminders() => Context.GetRemindersAsync();

    /// <summary>Removes a reminder durably; it does not fire again.</summary>
    /// <param name="reminder">A handle returned by <see cref="RegisterOrUpdateReminder"/> or <see cref="GetReminder"/>.</param>
    /// <returns>A task that completes when the reminder was removed from the reminder table.</returns>
    protected Task UnregisterReminder(IGrainReminder reminder) => Context.UnregisterReminderAsync(reminder);
}
