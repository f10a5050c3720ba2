using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansFed.Runtime.Tests.Grains;
using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Hosting;

public sealed class HostingTests
{
    [Fact]
    public void Options_have_the_documented_defaults()
    {
        var options = new GrainRuntimeOptions();
        Assert.Equal(TimeSpan.FromMinutes(15), options.CollectionAge);
        Assert.Equal(TimeSpan.FromMinutes(1), options.CollectionQuantum);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ResponseTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ReminderPollInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.MinimumReminderPeriod);
        Assert.Equal(TimeSpan.FromSeconds(30), options.DeactivationTimeout);
        var sqlite = new SqliteStorageOptions();
        Assert.Equal("data", sqlite.DataDirectory);
        Assert.Equal("orleansfed.db", sqlite.FileName);
    }

    [Fact]
    public async Task Invalid_runtime_options_stop_the_host_from_starting_with_every_problem_listed()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(1);
            o.CollectionQuantum = TimeSpan.FromMinutes(2);
            o.ResponseTimeout = TimeSpan.Zero;
        }));
        Assert.Contains("GrainRuntimeOptions.ResponseTimeout must be a positive, finite duration; it is 00:00:00.", error.Failures);
        Assert.Contains("GrainRuntimeOptions.CollectionQuantum (00:02:00) must not exceed CollectionAge (00:01:00).", error.Failures);
    }

    [Fact]
    public async Task Invalid_sqlite_options_stop_the_host_from_starting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(
            configure: s => s.AddSqliteGrainStorage("Archive", o => o.FileName = "sub/dir.db")));
        Assert.Contains("SqliteStorageOptions 'Archive': FileName must be a bare file name; it is 'sub/dir.db'.", error.Failures);
    }

    [Fact]
    public async Task The_grain_factory_is_resolvable_from_the_service_provider_and_configuration_accumulates()
    {
        await using var silo = await TestSilo.StartAsync(configure: s => s.AddGrainRuntime(o => o.ResponseTimeout = TimeSpan.FromSeconds(5)));
        var factory = silo.Services.GetRequiredService<IGrainFactory>();
        Assert.Equal("pong x", await factory.GetGrain<ILifecycleGrain>("x").Ping());
        Assert.Equal(TimeSpan.FromSeconds(5), silo.Services.GetRequiredService<IOptions<GrainRuntimeOptions>>().Value.ResponseTimeout);
        Assert.Single(silo.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>());
    }

    [Fact]
    public void Two_grain_classes_with_the_same_grain_type_name_are_refused()
    {
        using var host = new ServiceHost(s => s.AddGrain<IClashA, ClashA>().AddGrain<IClashB, ClashB>());
        var error = Assert.Throws<InvalidOperationException>(() => host.Grains);
        Assert.Equal("Grain classes ClashA and ClashB share the grain type name 'clash'; give one a [GrainType(\"…\")].", error.Message);
    }
}

public interface IClashA : IGrainWithStringKey
{
    Task A();
}

public interface IClashB : IGrainWithStringKey
{
    Task B();
}

[GrainType("clash")]
internal sealed class ClashA : Grain, IClashA
{
    public Task A() => Task.CompletedTask;
}

[GrainType("clash")]
internal sealed class ClashB : Grain, IClashB
{
    public Task B() => Task.CompletedTask;
}
