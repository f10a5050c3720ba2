using System.Buffers.Binary;
using System.Collections.Immutable;

namespace OrleansFed.Privacy.SecretSharing;

/// <summary>
/// One holder's share of a byte-string secret (a key or seed) split into field elements: the same x for every
/// element, one y per element.
/// </summary>
/// <param name="X">The evaluation point (the holder's identity).</param>
/// <param name="SecretLength">The secret's length in bytes.</param>
/// <param name="Values">f_j(X) for each field element j of the secret.</param>
public sealed record ShamirByteShare(ulong X, int SecretLength, ImmutableArray<ulong> Values)
{
    /// <summary>The share's compact binary form: x, length, count, then the values (little-endian).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[16 + 8 * Values.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, X);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), SecretLength);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), Values.Length);
        for (int i = 0; i < Values.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16 + 8 * i), Values[i]);
        }

        return bytes;
    }

    /// <summary>Reads the form written by <see cref="ToBytes"/>.</summary>
    /// <param name="bytes">The encoded share.</param>
    /// <exception cref="InvalidShareException">The encoding is truncated or inconsistent.</exception>
    public static ShamirByteShare FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 16)
        {
            throw new InvalidShareException(ShareDefect.MismatchedShape, "A byte share is at least 16 bytes long.");
        }

        ulong x = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        int length = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        if (length < 0 || count < 0 || bytes.Length != 16 + 8L * count)
        {
            throw new InvalidShareException(ShareDefect.MismatchedShape, "The byte share's header does not match its length.");
        }

        var values = ImmutableArray.CreateBuilder<ulong>(count);
        for (int i = 0; i < count; i++)
        {
            values.Add(BinaryPrimitives.ReadUInt64LittleEndian(bytes[(16 + 8 * i)..]));
        }

        return new ShamirByteShare(x, length, values.MoveToImmutable());
    }
}
