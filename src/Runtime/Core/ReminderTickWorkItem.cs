namespace OrleansFed.Runtime.Core;

/// <summary>One tick of a durable reminder, delivered to <see cref="IRemindable.ReceiveReminder"/>. Counts as activity.</summary>
internal sealed class ReminderTickWorkItem(string reminderName, TickStatus status) : WorkItem
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Task => _completion.Task;

    public override bool AlwaysInterleave => false;

    public override bool CountsAsActivity => true;

    public override bool IsAbandoned => _completion.Task.IsCompleted;

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    protected override async Task ExecuteAsync(Activation activation)
    {
        try
        {
            if (activation.Grain is not IRemindable remindable)
            {
                throw new InvalidOperationException(
                    $"Reminder '{reminderName}' fired for grain {activation.GrainId}, whose class {activation.Grain.GetType().Name} does not implement IRemindable.");
            }

            await remindable.ReceiveReminder(reminderName, status);
            _completion.TrySetResult();
        }
        catch (Exception exception)
        {
            _completion.TrySetException(exception);
        }
    }
}
