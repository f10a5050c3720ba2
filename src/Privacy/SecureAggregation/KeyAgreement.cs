using System.Buffers.Binary;
using System.Security.Cryptography;
using TextEncoding = System.Text.Encoding;

namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>P-256 ECDH and HKDF-SHA256 as secure aggregation uses them (platform primitives only).</summary>
internal static class KeyAgreement
{
    public const int PublicKeyLength = 65;
    public const int PrivateScalarLength = 32;

    public static ECDiffieHellman Generate() => ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The uncompressed SEC1 encoding 0x04 ‖ X ‖ Y.</summary>
    public static byte[] ExportPublicKey(ECDiffieHellman key)
    {
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        var bytes = new byte[PublicKeyLength];
        bytes[0] = 0x04;
        q.X!.CopyTo(bytes, 1);
        q.Y!.CopyTo(bytes, 33);
        return bytes;
    }

    /// <summary>Imports and validates a peer's public key (the point must lie on P-256).</summary>
    public static ECDiffieHellman ImportPublicKey(ReadOnlySpan<byte> encoded, int owner)
    {
        if (encoded.Length != PublicKeyLength || encoded[0] != 0x04)
        {
            throw new SecureAggregationException(SecureAggregationFault.InvalidKey, $"Party {owner}'s public key is not a 65-byte uncompressed P-256 point.");
        }

        try
        {
            return ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = encoded[1..33].ToArray(), Y = encoded[33..].ToArray() },
            });
        }
        catch (CryptographicException ex)
        {
            throw new SecureAggregationException(SecureAggregationFault.InvalidKey, $"Party {owner}'s public key is not a point on P-256.", ex);
        }
    }

    public static byte[] ExportPrivateScalar(ECDiffieHellman key) => key.ExportParameters(includePrivateParameters: true).D!;

    /// <summary>Rebuilds a key pair from a reconstructed scalar, checking it against the advertised public key.</summary>
    public static ECDiffieHellman ImportPrivateKey(byte[] scalar, ReadOnlySpan<byte> publicKey, int owner)
    {
        try
        {
            return ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                D = scalar,
                Q = new ECPoint { X = publicKey[1..33].ToArray(), Y = publicKey[33..].ToArray() },
            });
        }
        catch (CryptographicException ex)
        {
            throw new SecureAggregationException(SecureAggregationFault.InvalidKey, $"The masking key reconstructed for party {owner} does not match its public key.", ex);
        }
    }

    /// <summary>HKDF-SHA256(ECDH(mine, theirs)) bound to the session, a purpose and the unordered pair {a, b}.</summary>
    public static byte[] DeriveKey(ECDiffieHellman mine, ECDiffieHellman theirs, string sessionId, string purpose, int a, int b, int length)
    {
        byte[] shared = mine.DeriveRawSecretAgreement(theirs.PublicKey);
        try
        {
            byte[] salt = SHA256.HashData(TextEncoding.UTF8.GetBytes(sessionId));
            byte[] purposeBytes = TextEncoding.UTF8.GetBytes(purpose);
            var info = new byte[purposeBytes.Length + 8];
            purposeBytes.CopyTo(info, 0);
            BinaryPrimitives.WriteInt32BigEndian(info.AsSpan(purposeBytes.Length), Math.Min(a, b));
            BinaryPrimitives.WriteInt32BigEndian(info.AsSpan(purposeBytes.Length + 4), Math.Max(a, b));
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, length, salt, info);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }
}
