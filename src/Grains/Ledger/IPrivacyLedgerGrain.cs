using System.Collections.Immutable;
using OrleansFed.Privacy.Accounting;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.Ledger;

/// <summary>
/// A durable privacy ledger: the campaign's (key <c>GrainKeys.CampaignLedger</c>) or one participant's within a campaign
/// (key <c>GrainKeys.ParticipantLedger</c>). It records mechanism events idempotently by entry id and answers ε through
/// src/Privacy's accountants; it never computes DP bounds itself and never calls another grain.
/// </summary>
public interface IPrivacyLedgerGrain : IGrainWithStringKey
{
    /// <summary>Records an event once; recording the same id with the same event again changes nothing.</summary>
    /// <param name="entryId">Entry id (e.g. <c>round-3</c>).</param>
    /// <param name="privacyEvent">The event.</param>
    /// <returns><see langword="true"/> if newly recorded, <see langword="false"/> for a repeat.</returns>
    /// <exception cref="InvalidOperationException">The id was already recorded with a different event.</exception>
    Task<bool> RecordAsync(string entryId, PrivacyEvent privacyEvent);

    /// <summary>The ε spent so far.</summary>
    /// <param name="accountant">Accountant name (<c>rdp</c> or <c>composition</c>).</param>
    /// <param name="delta">δ at which ε is measured.</param>
    /// <returns>ε (0 for an empty ledger).</returns>
    Task<double> GetEpsilonAsync(string accountant, double delta);

    /// <summary>The ε the ledger would reach if <paramref name="next"/> were recorded (nothing is recorded).</summary>
    /// <param name="next">The planned event.</param>
    /// <param name="accountant">Accountant name.</param>
    /// <param name="delta">δ at which ε is measured.</param>
    /// <returns>The projected ε.</returns>
    Task<double> ProjectEpsilonAsync(PrivacyEvent next, string accountant, double delta);

    /// <summary>The recorded entries, oldest first.</summary>
    /// <returns>The entries.</returns>
    Task<ImmutableArray<LedgerEntry>> GetEntriesAsync();
}
