using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.SecProbe;

/// <summary>Registers SecProbe's grains and the validation sets that score uploads.</summary>
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
        services.TryAddSingleton<ISecProbeValidatorResolver>(new FixedSecProbeValidatorResolver(validator));
        return services.AddGrain<ISecProbeRoundGrain, SecProbeRoundGrain>()
            .AddGrain<ISecProbeUploadGrain, SecProbeUploadGrain>();
    }

    /// <summary>
    /// Adds SecProbe campaigns (the campaign and round grains) scored on the silo's named validation sets. Each campaign
    /// names its set; the sets load from disk on first use.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="sets">Name → IDX files.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddSecProbeCampaigns(
        this IServiceCollection services, IReadOnlyDictionary<string, SecProbeValidationSetOptions> sets)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(sets);
        var catalog = new SecProbeValidationSets(sets);
        services.TryAddSingleton<ISecProbeValidationSets>(catalog);
        services.TryAddSingleton<ISecProbeValidatorResolver>(catalog);
        services.TryAddSingleton<Campaigns.CampaignChangeFeed>();
        services.AddMetrics();
        services.AddLogging();
        services.TryAddSingleton<Telemetry.GrainsTelemetry>();
        return services.AddGrain<ISecProbeRoundGrain, SecProbeRoundGrain>()
            .AddGrain<ISecProbeUploadGrain, SecProbeUploadGrain>()
            .AddGrain<ISecProbeCampaignGrain, SecProbeCampaignGrain>();
    }
}
