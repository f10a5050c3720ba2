using System.Collections.Immutable;
using OrleansFed.Privacy.Accounting;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.Ledger;

/// <summary>A campaign's or a participant's durable privacy ledger (see <see cref="IPrivacyLedgerGrain"/>).</summary>
[GrainType("privacy-ledger")]
public sealed class PrivacyLedgerGrain(
    [PersistentState("ledger")] IPersistentState<PrivacyLedgerState> state) : Grain, IPrivacyLedgerGrain
{
    async Task<bool> IPrivacyLedgerGrain.RecordAsync(string entryId, PrivacyEvent privacyEvent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entryId);
        ArgumentNullException.ThrowIfNull(privacyEvent);
        var existing = state.State.Entries.Find(e => e.Id == entryId);
        if (existing is not null)
        {
            return existing.Event == privacyEvent
                ? false
                : throw new InvalidOperationException($"Ledger entry '{entryId}' was already recorded with a different event.");
        }

        state.State.Entries.Add(new LedgerEntry(entryId, privacyEvent));
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Entries.RemoveAt(state.State.Entries.Count - 1);
            throw;
        }

        return true;
    }

    Task<double> IPrivacyLedgerGrain.GetEpsilonAsync(string accountant, double delta) =>
        Task.FromResult(PrivacyAccountants.Epsilon(Events(), accountant, delta));

    Task<double> IPrivacyLedgerGrain.ProjectEpsilonAsync(PrivacyEvent next, string accountant, double delta)
    {
        ArgumentNullException.ThrowIfNull(next);
        var events = Events();
        events.Add(next);
        return Task.FromResult(PrivacyAccountants.Epsilon(events, accountant, delta));
    }

    Task<ImmutableArray<LedgerEntry>> IPrivacyLedgerGrain.GetEntriesAsync() => Task.FromResult(state.State.Entries.ToImmutableArray());

    private List<PrivacyEvent> Events() => state.State.Entries.ConvertAll(e => e.Event);
}
