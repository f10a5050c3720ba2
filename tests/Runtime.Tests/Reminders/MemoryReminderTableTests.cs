namespace OrleansFed.Runtime.Tests.Reminders;

public sealed class MemoryReminderTableTests : ReminderTableConformanceTests
{
    protected override IReminderTable CreateTable() => new MemoryReminderTable();
}
