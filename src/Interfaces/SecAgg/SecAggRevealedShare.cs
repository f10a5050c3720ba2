namespace OrleansFed.Interfaces.SecAgg;

/// <summary>A decrypted Shamir share of one party's secret revealed in step 3 (binary form of the share).</summary>
/// <param name="Owner">Whose secret it is a share of.</param>
/// <param name="Share">The share's binary form.</param>
public sealed record SecAggRevealedShare(int Owner, byte[] Share);
