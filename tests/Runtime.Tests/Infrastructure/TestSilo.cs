using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansFed.Runtime.Core;
using OrleansFed.Runtime.Testing;
using OrleansFed.Runtime.Tests.Grains;

namespace OrleansFed.Runtime.Tests.Infrastructure;

/// <summary>An in-process silo: a generic host running the grain runtime with the test grains, a manual clock and
/// either in-memory or SQLite storage and reminders.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host, ManualTimeProvider time)
    {
        _host = host;
        Time = time;
    }

    public ManualTimeProvider Time { get; }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public Probe Probe => _host.Services.GetRequiredService<Probe>();

    internal GrainRuntime Runtime => _host.Services.GetRequiredService<GrainRuntime>();

    public static async Task<TestSilo> StartAsync(
        Action<GrainRuntimeOptions>? options = null,
        string? sqliteDirectory = null,
        ManualTimeProvider? time = null,
        Action<IServiceCollection>? configure = null)
    {
        time ??= new ManualTimeProvider();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var services = builder.Services;
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<Probe>();
        services.AddGrainRuntime(options)
            .AddGrain<ICounterGrain, CounterGrain>()
            .AddGrain<ITurnGrain, TurnGrain>()
            .AddGrain<IGateGrain, GateGrain>()
            .AddGrain<IReentrantGateGrain, ReentrantGateGrain>()
            .AddGrain<ILifecycleGrain, LifecycleGrain>()
            .AddGrain<IReminderGrain, ReminderGrain>()
            .AddGrain<ICycleGrain, CycleGrain>()
            .AddGrain<IThrowingGrain, ThrowingGrain>()
            .AddGrain<IPayloadGrain, PayloadGrain>()
            .AddGrain<IGuidGrain, GuidGrain>();
        if (sqliteDirectory is null)
        {
            services.AddMemoryGrainStorage().AddMemoryReminders();
        }
        else
        {
            services.AddSqliteGrainStorage("Default", o => o.DataDirectory = sqliteDirectory)
                .AddSqliteReminders(o => o.DataDirectory = sqliteDirectory);
        }

        configure?.Invoke(services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host, time);
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
