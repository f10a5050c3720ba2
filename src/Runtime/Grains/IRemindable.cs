namespace OrleansFed.Runtime;

/// <summary>Implemented by grains that register durable reminders.</summary>
public interface IRemindable : IGrain
{
    /// <summary>Receives one tick of a reminder. Runs as a turn of the grain, like a call.</summary>
    /// <param name="reminderName">The name the reminder was registered under.</param>
    /// <param name="status">When the reminder first fired, its period and the time of this tick.</param>
    /// <returns>A task that completes when the tick has been handled.</returns>
    Task ReceiveReminder(string reminderName, TickStatus status);
}
