using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansFed.Grains.Hosting;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Runtime;
using OrleansFed.Runtime.Testing;

namespace OrleansFed.Grains.Tests;

/// <summary>An in-process grain runtime with the federation grains, on memory or SQLite storage and a manual clock.</summary>
public sealed class GrainTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private GrainTestHost(IHost host, ManualTimeProvider time)
    {
        _host = host;
        Time = time;
    }

    public ManualTimeProvider Time { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    public static async Task<GrainTestHost> StartAsync(ManualTimeProvider? time = null, string? sqliteDirectory = null,
        Action<IServiceCollection>? configure = null)
    {
        time ??= new ManualTimeProvider();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddGrainRuntime();
        if (sqliteDirectory is null)
        {
            builder.Services.AddMemoryGrainStorage().AddMemoryReminders();
        }
        else
        {
            builder.Services.AddSqliteGrainStorage(configure: o => o.DataDirectory = sqliteDirectory)
                .AddSqliteReminders(o => o.DataDirectory = sqliteDirectory);
        }

        builder.Services.AddFederationGrains();
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new GrainTestHost(host, time);
    }

    public ICampaignGrain Campaign(string id) => Grains.GetGrain<ICampaignGrain>(GrainKeys.Campaign(id));

    public IRoundGrain Round(string id, int round, int attempt) => Grains.GetGrain<IRoundGrain>(GrainKeys.Round(id, round, attempt));

    public async Task<CampaignStatus> CreateAsync(string id, int rounds = 2, int minParticipants = 2, int? perRound = null,
        int maxRetries = 3, int timeoutSeconds = 120, int? minEnrolled = null) =>
        await Campaign(id).CreateAsync(new CampaignConfig
        {
            Id = id,
            Model = "logreg",
            Rounds = rounds,
            MinParticipants = minParticipants,
            ParticipantsPerRound = perRound,
            MaxRetriesPerRound = maxRetries,
            RoundTimeoutSeconds = timeoutSeconds,
            MinEnrolled = minEnrolled,
        });

    public async Task<List<Enrollment>> EnrollAsync(string id, int count)
    {
        var list = new List<Enrollment>();
        for (var i = 0; i < count; i++)
        {
            list.Add(await Campaign(id).EnrollAsync(new EnrollRequest { Name = $"node-{i}", SampleCount = 100 }));
        }

        return list;
    }

    /// <summary>An update whose weights are all <paramref name="value"/>.</summary>
    public static UpdateBlob Update(int round, int length, float value, long samples = 100, float loss = 0.5f) =>
        new(round, samples, loss, Enumerable.Repeat(value, length).ToArray());

    /// <summary>Waits (real time, bounded) until the condition holds: reminder ticks run asynchronously after the clock moves.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 400; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new Xunit.Sdk.XunitException($"Timed out waiting until {what}.");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
