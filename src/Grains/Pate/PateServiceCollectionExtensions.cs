using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansFed.Interfaces.Pate;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.Pate;

/// <summary>Registers the PATE grains with the grain runtime.</summary>
public static class PateServiceCollectionExtensions
{
    /// <summary>
    /// Adds the vote-tally and PATE coordinator grains (once, however often it is called). They keep their state in the
    /// "Default" grain storage.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddPateGrains(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(PateGrainsRegistered)))
        {
            return services;
        }

        services.TryAddSingleton<PateGrainsRegistered>();
        return services.AddGrain<IVoteTallyGrain, VoteTallyGrain>()
            .AddGrain<IPateCoordinatorGrain, PateCoordinatorGrain>();
    }

    private sealed class PateGrainsRegistered;
}
