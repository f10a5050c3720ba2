using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansFed.Silo.Telemetry;

/// <summary>The silo's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <see cref="Name"/>.</summary>
public sealed class SiloTelemetry : IDisposable
{
    /// <summary>Name of the activity source and meter.</summary>
    public const string Name = "OrleansFed.Silo";

    private readonly Meter _meter;

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    public SiloTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(Name);
        ActivitySource = new ActivitySource(Name);
        UpdatesRejected = _meter.CreateCounter<long>(
            "orleansfed-updates-rejected", "{update}", "Update uploads rejected, tagged with the problem type.");
        UpdateBytes = _meter.CreateHistogram<long>("orleansfed-update-size", "By", "Size of accepted update bodies.");
        LongPolls = _meter.CreateCounter<long>(
            "orleansfed-task-polls", "{request}", "tasks/next requests, tagged with their outcome.");
    }

    /// <summary>Spans for HTTP-level operations (update upload, long poll).</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary><c>orleansfed-updates-rejected</c>, tagged <c>reason</c> (the problem type's last segment).</summary>
    public Counter<long> UpdatesRejected { get; }

    /// <summary><c>orleansfed-update-size</c> in bytes.</summary>
    public Histogram<long> UpdateBytes { get; }

    /// <summary><c>orleansfed-task-polls</c>, tagged <c>outcome</c> (assigned, none, ended).</summary>
    public Counter<long> LongPolls { get; }

    /// <summary>Counts a rejected upload.</summary>
    /// <param name="problemType">The problem type returned.</param>
    public void RejectUpdate(string problemType)
    {
        var slash = problemType.LastIndexOf('/');
        UpdatesRejected.Add(1, new KeyValuePair<string, object?>("reason", slash >= 0 ? problemType[(slash + 1)..] : problemType));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ActivitySource.Dispose();
        _meter.Dispose();
    }
}
