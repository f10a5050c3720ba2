namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>Round 0 (AdvertiseKeys), client → server, and one entry of the roster the server broadcasts back.</summary>
/// <param name="Sender">The party id (≥ 1; also its Shamir evaluation point).</param>
/// <param name="EncryptionPublicKey">c_u^PK: P-256 public key (65-byte uncompressed point) for share encryption.</param>
/// <param name="MaskingPublicKey">s_u^PK: P-256 public key (65-byte uncompressed point) for pairwise masks.</param>
public sealed record AdvertiseKeysMessage(int Sender, ReadOnlyMemory<byte> EncryptionPublicKey, ReadOnlyMemory<byte> MaskingPublicKey);
