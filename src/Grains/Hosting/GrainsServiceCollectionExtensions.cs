using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansFed.Grains.Aggregation;
using OrleansFed.Grains.Campaigns;
using OrleansFed.Grains.Ledger;
using OrleansFed.Grains.Participants;
using OrleansFed.Grains.Registry;
using OrleansFed.Grains.Rounds;
using OrleansFed.Grains.SecAgg;
using OrleansFed.Grains.Strategies;
using OrleansFed.Grains.Telemetry;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.SecAgg;
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
            .AddGrain<ICampaignRegistryGrain, CampaignRegistryGrain>()
            .AddGrain<IPrivacyLedgerGrain, PrivacyLedgerGrain>()
            .AddGrain<Interfaces.Paillier.IPaillierCampaignGrain, CampaignGrain>()
            .AddGrain<Interfaces.Paillier.IPaillierRoundGrain, Paillier.PaillierRoundGrain>()
            .AddGrain<ISecAggCampaignGrain, CampaignGrain>()
            .AddGrain<ISecAggRoundGrain, SecAggRoundGrain>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAggregationStrategy, FedAvgStrategy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAggregationStrategy, FedProxStrategy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAggregationStrategy, FedAdamStrategy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAggregationStrategy, FedYogiStrategy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAggregationStrategy, CoordinateMedianStrategy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAggregationStrategy, TrimmedMeanStrategy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAggregationStrategy, MultiKrumStrategy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAggregationStrategy, NormBoundStrategy>());
        services.TryAddSingleton<AggregationStrategies>();
        services.TryAddSingleton<IInitialModelFactory, LearningModelFactory>();
        services.TryAddSingleton<CampaignConfigValidator>();
        services.TryAddSingleton<IRoundPrivacyCost, DifferentialPrivacy.PrivacyModeRoundCost>();
        services.TryAddSingleton<CampaignChangeFeed>();
        services.TryAddSingleton<Sampling.SamplingRandomness>();
        services.TryAddSingleton<GrainsTelemetry>();
        Pate.PateServiceCollectionExtensions.AddPateGrains(services);
        Collab.CollabServiceCollectionExtensions.AddCollabGrains(services);
        return services;
    }
}
