namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>
/// A sender's Shamir shares of its masking key and self-mask seed for one recipient, under AES-256-GCM with a key
/// from ECDH(c_sender, c_recipient) and HKDF, and associated data binding session, round, sender and recipient.
/// </summary>
/// <param name="Sender">u.</param>
/// <param name="Recipient">v.</param>
/// <param name="Nonce">The 12-byte GCM nonce.</param>
/// <param name="Ciphertext">The encrypted shares.</param>
/// <param name="Tag">The 16-byte GCM tag.</param>
public sealed record EncryptedShare(int Sender, int Recipient, ReadOnlyMemory<byte> Nonce, ReadOnlyMemory<byte> Ciphertext, ReadOnlyMemory<byte> Tag);
