namespace OrleansFed.Interfaces.SecAgg;

/// <summary>A sender's AES-GCM-encrypted Shamir shares for one recipient (step 1).</summary>
/// <param name="Sender">Sending party.</param>
/// <param name="Recipient">Receiving party.</param>
/// <param name="Nonce">12-byte nonce.</param>
/// <param name="Ciphertext">Encrypted shares.</param>
/// <param name="Tag">16-byte tag.</param>
public sealed record SecAggEncryptedShare(int Sender, int Recipient, byte[] Nonce, byte[] Ciphertext, byte[] Tag);
