namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>Round 3 (Unmasking), client → server.</summary>
/// <param name="Sender">The revealing party.</param>
/// <param name="SelfMaskShares">Shares of b_v for each surviving neighbour v.</param>
/// <param name="MaskingKeyShares">Shares of s_v^SK for each dropped neighbour v.</param>
public sealed record UnmaskingResponse(int Sender, IReadOnlyList<RevealedShare> SelfMaskShares, IReadOnlyList<RevealedShare> MaskingKeyShares);
