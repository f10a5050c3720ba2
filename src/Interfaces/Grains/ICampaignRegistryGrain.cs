using System.Collections.Immutable;
using OrleansFed.Runtime;

namespace OrleansFed.Interfaces.Grains;

/// <summary>The list of campaign ids (single grain, key <see cref="GrainKeys.Registry"/>), for listing and for
/// re-driving every campaign when a silo starts.</summary>
public interface ICampaignRegistryGrain : IGrainWithStringKey
{
    /// <summary>Adds a campaign id (idempotent).</summary>
    /// <param name="campaignId">The id.</param>
    /// <returns>A task that completes once the id is durable.</returns>
    Task AddAsync(string campaignId);

    /// <summary>Lists the campaign ids in creation order.</summary>
    /// <returns>The ids.</returns>
    Task<ImmutableArray<string>> ListAsync();
}
