using System.Buffers.Binary;
using System.Security.Cryptography;
using TextEncoding = System.Text.Encoding;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecretSharing;

namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>AES-256-GCM encryption of one party's pair of shares for one neighbour.</summary>
internal static class ShareEncryption
{
    public const string Purpose = "orleansfed/secagg/share-encryption";
    public const int KeyLength = 32;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    public static EncryptedShare Encrypt(
        byte[] key, string sessionId, int sender, int recipient, ShamirByteShare maskingKeyShare, ShamirByteShare selfMaskShare, RandomSource random)
    {
        byte[] keyShare = maskingKeyShare.ToBytes();
        byte[] seedShare = selfMaskShare.ToBytes();
        var plaintext = new byte[4 + keyShare.Length + seedShare.Length];
        BinaryPrimitives.WriteInt32LittleEndian(plaintext, keyShare.Length);
        keyShare.CopyTo(plaintext, 4);
        seedShare.CopyTo(plaintext, 4 + keyShare.Length);

        var nonce = new byte[NonceLength];
        random.Fill(nonce);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagLength];
        using (var gcm = new AesGcm(key, TagLength))
        {
            gcm.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(sessionId, sender, recipient));
        }

        CryptographicOperations.ZeroMemory(plaintext);
        CryptographicOperations.ZeroMemory(keyShare);
        CryptographicOperations.ZeroMemory(seedShare);
        return new EncryptedShare(sender, recipient, nonce, ciphertext, tag);
    }

    public static (ShamirByteShare MaskingKeyShare, ShamirByteShare SelfMaskShare) Decrypt(byte[] key, string sessionId, EncryptedShare share)
    {
        if (share.Nonce.Length != NonceLength || share.Tag.Length != TagLength)
        {
            throw new SecureAggregationException(SecureAggregationFault.ProtocolViolation, $"The share from party {share.Sender} has a malformed nonce or tag.");
        }

        var plaintext = new byte[share.Ciphertext.Length];
        try
        {
            using (var gcm = new AesGcm(key, TagLength))
            {
                gcm.Decrypt(share.Nonce.Span, share.Ciphertext.Span, share.Tag.Span, plaintext, AssociatedData(sessionId, share.Sender, share.Recipient));
            }

            int keyLength = plaintext.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(plaintext) : -1;
            if (keyLength < 0 || keyLength > plaintext.Length - 4)
            {
                throw new SecureAggregationException(SecureAggregationFault.ProtocolViolation, $"The share from party {share.Sender} is malformed.");
            }

            return (ShamirByteShare.FromBytes(plaintext.AsSpan(4, keyLength)), ShamirByteShare.FromBytes(plaintext.AsSpan(4 + keyLength)));
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new SecureAggregationException(SecureAggregationFault.DecryptionFailure, $"The share from party {share.Sender} failed authentication.", ex);
        }
        catch (InvalidShareException ex)
        {
            throw new SecureAggregationException(SecureAggregationFault.ProtocolViolation, $"The share from party {share.Sender} is malformed.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    // Binds the ciphertext to this session, this round and the ordered (sender, recipient) pair.
    private static byte[] AssociatedData(string sessionId, int sender, int recipient)
    {
        byte[] session = TextEncoding.UTF8.GetBytes(sessionId);
        var data = new byte[session.Length + 1 + 10 + 8];
        session.CopyTo(data, 0);
        TextEncoding.ASCII.GetBytes("share-keys").CopyTo(data, session.Length + 1);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(session.Length + 11), sender);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(session.Length + 15), recipient);
        return data;
    }
}
