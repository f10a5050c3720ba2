using OrleansFed.Privacy.SecretSharing;

namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>A decrypted Shamir share of one party's secret, revealed to the server in the unmasking round.</summary>
/// <param name="Owner">The party whose secret this is a share of.</param>
/// <param name="Share">The share; its x is the revealing party's id.</param>
public sealed record RevealedShare(int Owner, ShamirByteShare Share);
