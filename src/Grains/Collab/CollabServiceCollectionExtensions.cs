using Microsoft.Extensions.DependencyInjection;
using OrleansFed.Interfaces.Collab;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.Collab;

/// <summary>Registers the FedCollabNN grain with the grain runtime.</summary>
public static class CollabServiceCollectionExtensions
{
    /// <summary>Adds the FedCollabNN step grain (once, however often it is called); it keeps its state in the "Default" grain storage.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddCollabGrains(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(CollabGrainsRegistered)))
        {
            return services;
        }

        services.AddSingleton<CollabGrainsRegistered>();
        return services.AddGrain<ICollabStepGrain, CollabStepGrain>();
    }

    private sealed class CollabGrainsRegistered;
}
