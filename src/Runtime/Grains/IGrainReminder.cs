namespace OrleansFed.Runtime;

/// <summary>A handle to a durable reminder registered by a grain.</summary>
public interface IGrainReminder
{
    /// <summary>The reminder's name, unique per grain.</summary>
    string ReminderName { get; }
}
