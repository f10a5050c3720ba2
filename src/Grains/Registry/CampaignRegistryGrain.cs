using System.Collections.Immutable;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.Registry;

/// <summary>Lists the campaigns of this deployment.</summary>
[GrainType("campaign-registry")]
public sealed class CampaignRegistryGrain(
    [PersistentState("registry")] IPersistentState<CampaignRegistryState> state) : Grain, ICampaignRegistryGrain
{
    async Task ICampaignRegistryGrain.AddAsync(string campaignId)
    {
        if (state.State.CampaignIds.Contains(campaignId, StringComparer.Ordinal))
        {
            return;
        }

        state.State.CampaignIds.Add(campaignId);
        await state.WriteStateAsync();
    }

    Task<ImmutableArray<string>> ICampaignRegistryGrain.ListAsync() => Task.FromResult(state.State.CampaignIds.ToImmutableArray());
}
