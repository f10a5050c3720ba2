using System.Runtime.InteropServices;
using System.Text.Json;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.SecAgg;
using OrleansFed.Privacy.SecretSharing;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Grains.SecAgg;

/// <summary>Converts wire messages to the protocol's records (checking their shape) and to storage bytes.</summary>
internal static class SecAggMessages
{
    private const int PublicKeyLength = 65;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int MaxCiphertextLength = 4096;

    public static AdvertiseKeysMessage ToAdvertisement(int party, SecAggPublicKeys keys)
    {
        if (keys.EncryptionPublicKey is not { Length: PublicKeyLength } || keys.MaskingPublicKey is not { Length: PublicKeyLength })
        {
            throw new InvalidRequestException("encryptionPublicKey and maskingPublicKey must each be a 65-byte uncompressed P-256 point (base64).");
        }

        return new AdvertiseKeysMessage(party, keys.EncryptionPublicKey, keys.MaskingPublicKey);
    }

    public static ShareKeysMessage ToShareKeys(int party, SecAggShareKeys message)
    {
        if (message.Shares is null)
        {
            throw new InvalidRequestException("shares is required.");
        }

        var shares = new List<EncryptedShare>(message.Shares.Length);
        foreach (var s in message.Shares)
        {
            if (s is null || s.Nonce is not { Length: NonceLength } || s.Tag is not { Length: TagLength }
                || s.Ciphertext is not { Length: > 0 and <= MaxCiphertextLength })
            {
                throw new InvalidRequestException("Each share needs a 12-byte nonce, a 16-byte tag and a ciphertext of 1 to 4096 bytes.");
            }

            shares.Add(new EncryptedShare(s.Sender, s.Recipient, s.Nonce, s.Ciphertext, s.Tag));
        }

        return new ShareKeysMessage(party, shares);
    }

    public static UnmaskingResponse ToUnmasking(int party, SecAggUnmasking message)
    {
        if (message.SelfMaskShares is null || message.MaskingKeyShares is null)
        {
            throw new InvalidRequestException("selfMaskShares and maskingKeyShares are required (empty lists allowed).");
        }

        return new UnmaskingResponse(party, Revealed(message.SelfMaskShares), Revealed(message.MaskingKeyShares));
    }

    public static SecAggEncryptedShare[] ToWire(ForwardedShares forwarded) =>
        [.. forwarded.Shares.Select(s => new SecAggEncryptedShare(s.Sender, s.Recipient, s.Nonce.ToArray(), s.Ciphertext.ToArray(), s.Tag.ToArray()))];

    public static SecAggRosterEntry[] ToWire(KeyRoster roster) =>
        [.. roster.Parties.Select(p => new SecAggRosterEntry(p.Sender, p.EncryptionPublicKey.ToArray(), p.MaskingPublicKey.ToArray()))];

    public static byte[] Serialize<T>(T message) => JsonSerializer.SerializeToUtf8Bytes(message);

    public static T Deserialize<T>(ReadOnlyMemory<byte> payload) =>
        JsonSerializer.Deserialize<T>(payload.Span) ?? throw new InvalidOperationException("A stored secure-aggregation record is empty.");

    public static byte[] ToBytes(ReadOnlySpan<uint> words) => MemoryMarshal.AsBytes(words).ToArray();

    public static uint[] ToWords(ReadOnlySpan<byte> bytes) => MemoryMarshal.Cast<byte, uint>(bytes).ToArray();

    private static List<RevealedShare> Revealed(SecAggRevealedShare[] shares)
    {
        var list = new List<RevealedShare>(shares.Length);
        foreach (var r in shares)
        {
            if (r?.Share is null)
            {
                throw new InvalidRequestException("Each revealed share needs an owner and its bytes.");
            }

            try
            {
                list.Add(new RevealedShare(r.Owner, ShamirByteShare.FromBytes(r.Share)));
            }
            catch (InvalidShareException ex)
            {
                throw new InvalidRequestException($"A revealed share of party {r.Owner} is malformed: {ex.Message}");
            }
        }

        return list;
    }
}
