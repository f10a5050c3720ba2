using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansFed.Runtime.Diagnostics;

/// <summary>
/// The runtime's telemetry: an <see cref="ActivitySource"/> and a <see cref="Meter"/> named "OrleansFed.Runtime".
/// Tags carry grain type names, method names and storage names only — never keys' state, arguments or results.
/// </summary>
internal sealed class RuntimeInstruments : IDisposable
{
    public const string Name = "OrleansFed.Runtime";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _activationsCreated;
    private readonly Counter<long> _deactivations;
    private readonly Counter<long> _reminderTicks;
    private readonly Histogram<double> _storageWriteLatency;
    private Func<int>? _activationCount;

    public RuntimeInstruments(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(Name) ?? new Meter(Name);
        _meter.CreateObservableGauge("orleansfed-grain-activations", () => _activationCount?.Invoke() ?? 0, "{activation}",
            "Activations currently in the directory.");
        _activationsCreated = _meter.CreateCounter<long>("orleansfed-grain-activations-created", "{activation}", "Grains activated.");
        _deactivations = _meter.CreateCounter<long>("orleansfed-grain-deactivations", "{activation}", "Activations deactivated.");
        _calls = _meter.CreateCounter<long>("orleansfed-grain-calls", "{call}", "Grain calls sent.");
        _reminderTicks = _meter.CreateCounter<long>("orleansfed-reminder-ticks", "{tick}", "Reminder ticks delivered.");
        _storageWriteLatency = _meter.CreateHistogram<double>("orleansfed-storage-write-latency", "ms",
            "Latency of grain state writes and clears, until durable.");
    }

    public void ObserveActivations(Func<int> count) => _activationCount = count;

    public void CallSent(string grainType, string method) =>
        _calls.Add(1, new KeyValuePair<string, object?>("grain.type", grainType), new KeyValuePair<string, object?>("method", method));

    public void ActivationCreated(string grainType) => _activationsCreated.Add(1, new KeyValuePair<string, object?>("grain.type", grainType));

    public void ActivationRemoved(string grainType) => _deactivations.Add(1, new KeyValuePair<string, object?>("grain.type", grainType));

    public void ReminderTicked(string grainType) => _reminderTicks.Add(1, new KeyValuePair<string, object?>("grain.type", grainType));

    public void StorageWritten(string storageName, TimeSpan elapsed) =>
        _storageWriteLatency.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("storage", storageName));

    public void Dispose() => _meter.Dispose();
}
