using System.Collections.Concurrent;

namespace OrleansFed.Runtime.Tests.Infrastructure;

/// <summary>A host singleton the test grains report to: an ordered event log, plus gates tests open by name.</summary>
public sealed class Probe
{
    private readonly List<string> _events = [];
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<string, int> _flags = new();

    public void Record(string @event)
    {
        lock (_lock)
        {
            _events.Add(@event);
        }
    }

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public int Count(string @event) => Events.Count(e => e == @event);

    public int CountPrefix(string prefix) => Events.Count(e => e.StartsWith(prefix, StringComparison.Ordinal));

    public IReadOnlyList<string> EventsFor(string key) =>
        [.. Events.Where(e => e.EndsWith($":{key}", StringComparison.Ordinal) || e.Contains($":{key}:", StringComparison.Ordinal))];

    public TaskCompletionSource Gate(string name) =>
        _gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Open(string name) => Gate(name).TrySetResult();

    /// <summary>Returns how many times <paramref name="name"/> was bumped before this call.</summary>
    public int Bump(string name) => _flags.AddOrUpdate(name, 1, (_, v) => v + 1) - 1;
}
