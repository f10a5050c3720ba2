using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansFed.Grains.Campaigns;
using OrleansFed.Grains.Participants;
using OrleansFed.Grains.Registry;
using OrleansFed.Grains.Rounds;
using OrleansFed.Grains.Strategies;
using OrleansFed.Grains.Telemetry;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.Hosting;

/// <summary>Registers the federation grains and their services with the grain runtime.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the campaign, round, round-update, participant and registry grains, the FedAvg strategy, the model factory,
    /// telemetry and the campaign change feed. Add the runtime (<c>AddGrainRuntime</c>), a "Default" grain storage and a
    /// reminder table separately. Further strategies: <c>services.AddSingleton&lt;IAggregationStrategy, MyStrategy&gt;()</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddFederationGrains(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddLogging();
        services.AddGrain<ICampaignGrain, CampaignGrain>()
            .AddGrain<IRoundGrain, RoundGrain>()
            .AddGrain<IRoundUpdateGrain, RoundUpdateGrain>()
            .AddGrain<IParticipantGrain, ParticipantGrain>()
            .AddGrain<ICampaignRegistryGrain, CampaignRegistryGrain>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAggregationStrategy, FedAvgStrategy>());
        services.TryAddSingleton<AggregationStrategies>();
        services.TryAddSingleton<IInitialModelFactory, LearningModelFactory>();
        services.TryAddSingleton<CampaignConfigValidator>();
        services.TryAddSingleton<CampaignChangeFeed>();
        services.TryAddSingleton<GrainsTelemetry>();
        return services;
    }
}
