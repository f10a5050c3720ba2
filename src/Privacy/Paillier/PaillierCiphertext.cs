using System.Numerics;

namespace OrleansFed.Privacy.Paillier;

/// <summary>A Paillier ciphertext: an element of Z*_(n²) for the key that produced it.</summary>
/// <param name="Value">c.</param>
public sealed record PaillierCiphertext(BigInteger Value)
{
    /// <summary>c as unsigned little-endian bytes (for transport).</summary>
    public byte[] ToBytes() => Value.ToByteArray(isUnsigned: true, isBigEndian: false);

    /// <summary>Reads the form written by <see cref="ToBytes"/>.</summary>
    /// <param name="bytes">The encoded ciphertext.</param>
    public static PaillierCiphertext FromBytes(ReadOnlySpan<byte> bytes) => new(new BigInteger(bytes, isUnsigned: true, isBigEndian: false));
}
