using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansFed.Grains.Telemetry;

/// <summary>
/// The grains' <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <see cref="Name"/>. Tags carry only
/// campaign ids, round numbers and outcomes — never tokens or update contents.
/// </summary>
public sealed class GrainsTelemetry : IDisposable
{
    /// <summary>Name of the activity source and meter.</summary>
    public const string Name = "OrleansFed.Grains";

    private readonly Meter _meter;

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    public GrainsTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(Name);
        ActivitySource = new ActivitySource(Name);
        RoundsCompleted = _meter.CreateCounter<long>("orleansfed-rounds-completed", "{round}", "Rounds closed with an aggregate.");
        RoundsRetried = _meter.CreateCounter<long>("orleansfed-rounds-retried", "{attempt}", "Round attempts abandoned for too few updates.");
        UpdatesAccepted = _meter.CreateCounter<long>("orleansfed-updates-accepted", "{update}", "Updates durably accepted (duplicates excluded).");
        UpdatesDuplicate = _meter.CreateCounter<long>("orleansfed-updates-duplicate", "{update}", "Repeated submissions answered idempotently.");
        CampaignsEnded = _meter.CreateCounter<long>("orleansfed-campaigns-ended", "{campaign}", "Campaigns that completed, stopped or failed.");
        UploadsStopped = _meter.CreateCounter<long>("orleansfed-secprobe-uploads-stopped", "{upload}", "SecProbe uploads that arrived after their round was full (discarded, still charged ε₂).");
        ClaimsRefused = _meter.CreateCounter<long>("orleansfed-secprobe-claims-refused", "{claim}", "SecProbe claims refused because every free place was claimed or the round was full.");
        AggregationDuration = _meter.CreateHistogram<double>("orleansfed-round-aggregation-duration", "ms", "Time to aggregate a round.");
    }

    /// <summary>Spans for campaign and round operations.</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary><c>orleansfed-rounds-completed</c>.</summary>
    public Counter<long> RoundsCompleted { get; }

    /// <summary><c>orleansfed-rounds-retried</c>.</summary>
    public Counter<long> RoundsRetried { get; }

    /// <summary><c>orleansfed-updates-accepted</c>.</summary>
    public Counter<long> UpdatesAccepted { get; }

    /// <summary><c>orleansfed-updates-duplicate</c>.</summary>
    public Counter<long> UpdatesDuplicate { get; }

    /// <summary><c>orleansfed-campaigns-ended</c>, tagged with the final state.</summary>
    public Counter<long> CampaignsEnded { get; }

    /// <summary><c>orleansfed-secprobe-uploads-stopped</c>.</summary>
    public Counter<long> UploadsStopped { get; }

    /// <summary><c>orleansfed-secprobe-claims-refused</c> (tag <c>outcome</c>: <c>wait</c> or <c>stop</c>).</summary>
    public Counter<long> ClaimsRefused { get; }

    /// <summary><c>orleansfed-round-aggregation-duration</c> in milliseconds.</summary>
    public Histogram<double> AggregationDuration { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        ActivitySource.Dispose();
        _meter.Dispose();
    }
}
