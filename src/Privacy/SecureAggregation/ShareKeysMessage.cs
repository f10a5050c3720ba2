namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>Round 1 (ShareKeys), client → server: one encrypted share for each neighbour.</summary>
/// <param name="Sender">u.</param>
/// <param name="Shares">Exactly one <see cref="EncryptedShare"/> per neighbour of u.</param>
public sealed record ShareKeysMessage(int Sender, IReadOnlyList<EncryptedShare> Shares);
