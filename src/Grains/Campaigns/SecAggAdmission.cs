using System.Collections.Frozen;
using OrleansFed.Interfaces.SecAgg;

namespace OrleansFed.Grains.Campaigns;

/// <summary>
/// What the campaign's last full check of a secure-aggregation step admitted: the open attempt's setup, the campaign
/// state's ETag at that check, the selected participants, and whether the attempt's privacy event is already charged.
/// Immutable, so interleaved step calls can read it while a transition is in progress.
/// </summary>
internal sealed record SecAggAdmission(SecAggRoundSetup Setup, string? Etag, FrozenSet<string> Selected, bool Charged)
{
    /// <summary>Whether a message of <paramref name="participantId"/> for <paramref name="round"/> (and
    /// <paramref name="attempt"/>, when given) is admitted without a new check.</summary>
    public bool Admits(string participantId, int round, int? attempt, bool charge) =>
        round == Setup.Round && (attempt is null || attempt == Setup.Attempt) && (!charge || Charged) && Selected.Contains(participantId);
}
