using System.Buffers.Binary;
using System.Globalization;
using OrleansFed.Interfaces.Wire;

namespace OrleansFed.Interfaces.Paillier;

/// <summary>
/// Binary form of a <see cref="PaillierBlob"/> (<c>application/octet-stream</c>): magic <c>OFPA</c>, version byte 1,
/// then little-endian int32 round, attempt, summands, width and count, then count × width ciphertext bytes. Malformed
/// bodies raise <see cref="TensorWireException"/> (a 400 malformed-body problem at the HTTP edge).
/// </summary>
public static class PaillierWire
{
    /// <summary>Largest ciphertext width accepted: n² of a 16,384-bit modulus.</summary>
    public const int MaxWidth = 4096;

    private const int HeaderBytes = 4 + 1 + (5 * 4);
    private static ReadOnlySpan<byte> Magic => "OFPA"u8;

    /// <summary>Encodes <paramref name="blob"/>.</summary>
    /// <param name="blob">The ciphertext vector.</param>
    /// <returns>The body.</returns>
    public static byte[] Encode(PaillierBlob blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var body = new byte[HeaderBytes + blob.Ciphertexts.Length];
        Magic.CopyTo(body);
        body[4] = 1;
        var header = body.AsSpan(5);
        BinaryPrimitives.WriteInt32LittleEndian(header, blob.Round);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], blob.Attempt);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], blob.Summands);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], blob.Width);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], blob.Count);
        blob.Ciphertexts.Span.CopyTo(body.AsSpan(HeaderBytes));
        return body;
    }

    /// <summary>Decodes and checks the framing (not the ciphertexts' values: that needs the key).</summary>
    /// <param name="body">The body.</param>
    /// <returns>The blob.</returns>
    /// <exception cref="TensorWireException">The body is malformed.</exception>
    public static PaillierBlob Decode(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        if (span.Length < HeaderBytes)
        {
            throw new TensorWireException(TensorWireError.Truncated, "The ciphertext body is shorter than its header.");
        }

        if (!span[..4].SequenceEqual(Magic))
        {
            throw new TensorWireException(TensorWireError.BadMagic, "The body is not a Paillier ciphertext vector (magic OFPA expected).");
        }

        if (span[4] != 1)
        {
            throw new TensorWireException(TensorWireError.UnsupportedVersion, $"Unsupported ciphertext format version {span[4]}.");
        }

        var header = span[5..];
        var round = BinaryPrimitives.ReadInt32LittleEndian(header);
        var attempt = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        var summands = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        var width = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        if (round < 1 || attempt < 1 || summands < 1 || width is < 1 or > MaxWidth || count < 1)
        {
            throw new TensorWireException(TensorWireError.InvalidHeader, string.Create(CultureInfo.InvariantCulture,
                $"Invalid ciphertext header: round {round}, attempt {attempt}, summands {summands}, width {width}, count {count}."));
        }

        if ((long)width * count != span.Length - HeaderBytes)
        {
            throw new TensorWireException(TensorWireError.LengthMismatch, string.Create(CultureInfo.InvariantCulture,
                $"The header announces {count} ciphertexts of {width} bytes but the body carries {span.Length - HeaderBytes} bytes."));
        }

        return new PaillierBlob(round, attempt, summands, width, body[HeaderBytes..].ToArray());
    }
}
