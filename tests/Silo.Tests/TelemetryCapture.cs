using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace OrleansFed.Silo.Tests;

/// <summary>Records every log line (at trace level), every finished OrleansFed activity (name, tags, events) and every
/// OrleansFed metric measurement (instrument, value, tags) as text, i.e. everything the silo would export.</summary>
internal sealed class TelemetryCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;

    public TelemetryCapture()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name.StartsWith("OrleansFed", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                var text = new StringBuilder(a.OperationName).Append(' ').Append(a.DisplayName).Append(' ').Append(a.StatusDescription);
                foreach (var tag in a.TagObjects)
                {
                    text.Append(' ').Append(tag.Key).Append('=').Append(Convert.ToString(tag.Value, CultureInfo.InvariantCulture));
                }

                foreach (var e in a.Events)
                {
                    text.Append(' ').Append(e.Name);
                    foreach (var tag in e.Tags)
                    {
                        text.Append(' ').Append(tag.Key).Append('=').Append(Convert.ToString(tag.Value, CultureInfo.InvariantCulture));
                    }
                }

                _lines.Enqueue(text.ToString());
            },
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name.StartsWith("OrleansFed", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Measure(i, v, tags));
        _meters.SetMeasurementEventCallback<int>((i, v, tags, _) => Measure(i, v, tags));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Measure(i, v, tags));
        _meters.SetMeasurementEventCallback<float>((i, v, tags, _) => Measure(i, v, tags));
        _meters.Start();
    }

    public int Count => _lines.Count;

    public byte[] Bytes() => Encoding.UTF8.GetBytes(string.Join('\n', _lines));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private void Measure<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var text = new StringBuilder(instrument.Name).Append(' ').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
        foreach (var tag in tags)
        {
            text.Append(' ').Append(tag.Key).Append('=').Append(Convert.ToString(tag.Value, CultureInfo.InvariantCulture));
        }

        _lines.Enqueue(text.ToString());
    }

    private sealed class Logger(TelemetryCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder(category).Append(' ').Append(formatter(state, exception)).Append(' ').Append(exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var pair in pairs)
                {
                    text.Append(' ').Append(pair.Key).Append('=').Append(Convert.ToString(pair.Value, CultureInfo.InvariantCulture));
                }
            }

            owner._lines.Enqueue(text.ToString());
        }
    }
}
