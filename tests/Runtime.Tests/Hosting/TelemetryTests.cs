using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansFed.Runtime.Tests.Grains;
using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Hosting;

public sealed class TelemetryTests
{
    [Fact]
    public async Task The_callers_execution_context_flows_into_the_callees_turn_even_when_the_call_was_queued()
    {
        await using var silo = await TestSilo.StartAsync(configure: s => s.AddGrain<IAmbientGrain, AmbientGrain>());
        var grain = silo.Grains.GetGrain<IAmbientGrain>("a");
        var first = Task.Run(() =>
        {
            AmbientGrain.Ambient.Value = "one";
            return grain.ReadAfterGate();
        });
        var second = Task.Run(() =>
        {
            AmbientGrain.Ambient.Value = "two";
            return grain.ReadAfterGate();
        });
        await Eventually.Settle();
        silo.Probe.Open("ambient");
        Assert.Equal("one", await first);
        Assert.Equal("two", await second);
    }

    [Fact]
    public async Task Keyed_services_are_injected_into_grain_constructors()
    {
        await using var silo = await TestSilo.StartAsync(configure: s => s.AddGrain<IAmbientGrain, AmbientGrain>());
        Assert.Equal("MemoryGrainStorage", await silo.Grains.GetGrain<IAmbientGrain>("k").StorageType());
    }

    [Fact]
    public async Task Each_grain_call_is_traced_and_counted_under_OrleansFed_Runtime()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "OrleansFed.Runtime",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a =>
            {
                lock (activities)
                {
                    activities.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        long calls = 0;
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "OrleansFed.Runtime" && instrument.Name == "orleansfed-grain-calls")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "method", Value: "IThrowingGrain.CountCalls" })
                {
                    Interlocked.Add(ref calls, value);
                }
            }
        });
        meters.Start();

        await using var silo = await TestSilo.StartAsync();
        await silo.Grains.GetGrain<IThrowingGrain>("traced").CountCalls();
        await silo.Grains.GetGrain<IThrowingGrain>("traced").CountCalls();

        lock (activities)
        {
            var traced = activities.Where(a => a.OperationName == "IThrowingGrain.CountCalls").ToArray();
            Assert.True(traced.Length >= 2);
            Assert.All(traced, a => Assert.Equal("ThrowingGrain", a.GetTagItem("orleansfed.grain.type")));
        }

        Assert.True(Interlocked.Read(ref calls) >= 2);
    }
}
