using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.SecProbe;

/// <summary>Registers SecProbe's round grain and the silo's validation set.</summary>
public static class SecProbeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SecProbe round grain with <paramref name="validator"/> as the silo's auxiliary validation set. The round
    /// keeps its state in the "Default" grain storage; the privacy ledger grain must be registered too
    /// (<c>AddFederationGrains</c> does).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="validator">Scores uploads.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddSecProbeGrains(this IServiceCollection services, ISecProbeValidator validator)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(validator);
        services.TryAddSingleton(validator);
        return services.AddGrain<ISecProbeRoundGrain, SecProbeRoundGrain>();
    }
}
