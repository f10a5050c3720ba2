namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>End of round 1, server → one client: the encrypted shares its neighbours in U2 addressed to it.</summary>
/// <param name="Recipient">v.</param>
/// <param name="Shares">The shares; their senders are v's neighbours that completed round 1.</param>
public sealed record ForwardedShares(int Recipient, IReadOnlyList<EncryptedShare> Shares);
