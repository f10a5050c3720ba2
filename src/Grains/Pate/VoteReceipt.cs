namespace OrleansFed.Grains.Pate;

/// <summary>
/// Proof that a contribution was counted for a query: the index of its teacher set in
/// <see cref="VoteTallyState.Cohorts"/> and 64 bits of SHA-256 over (query id, counts). Only the digest is kept, not
/// the vote vector; a single teacher's one-hot digest is as revealing as the vote itself, which test mode accepts.
/// </summary>
public sealed class VoteReceipt
{
    /// <summary>Index into <see cref="VoteTallyState.Cohorts"/>.</summary>
    public int Cohort { get; set; }

    /// <summary>Truncated SHA-256 of the query id and counts.</summary>
    public long Digest { get; set; }
}
