using Microsoft.Extensions.DependencyInjection;
using OrleansFed.Runtime.Testing;

namespace OrleansFed.Runtime.Tests.Infrastructure;

/// <summary>A service provider with the grain runtime but no running host, for tests of references and registration.</summary>
public sealed class ServiceHost : IDisposable
{
    private readonly ServiceProvider _provider;

    public ServiceHost(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection().AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddGrainRuntime();
        configure(services);
        _provider = services.BuildServiceProvider();
    }

    public IGrainFactory Grains => _provider.GetRequiredService<IGrainFactory>();

    public void Dispose() => _provider.Dispose();
}
