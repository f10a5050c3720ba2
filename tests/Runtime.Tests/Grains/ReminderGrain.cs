using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Grains;

public interface IReminderGrain : IGrainWithStringKey
{
    Task Register(string name, TimeSpan dueTime, TimeSpan period);

    Task Unregister(string name);

    Task<ImmutableArray<string>> ReminderNames();
}

/// <summary>Key "flaky" fails its first activation.</summary>
internal sealed class ReminderGrain(Probe probe) : Grain, IReminderGrain, IRemindable
{
    private string Key => GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Key == "flaky" && probe.Bump("flaky") == 0)
        {
            throw new InvalidOperationException("first activation fails on purpose");
        }

        probe.Record($"activate:{Key}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivate:{Key}:{reason.ReasonCode}");
        return Task.CompletedTask;
    }

    public Task Register(string name, TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminder(name, dueTime, period);

    public async Task Unregister(string name)
    {
        if (await GetReminder(name) is { } reminder)
        {
            await UnregisterReminder(reminder);
        }
    }

    public async Task<ImmutableArray<string>> ReminderNames() =>
        [.. (await GetReminders()).Select(r => r.ReminderName).Order(StringComparer.Ordinal)];

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        probe.Record($"reminder:{Key}:{reminderName}:{status.CurrentTickTime:HH:mm:ss}");
        return Task.CompletedTask;
    }
}
