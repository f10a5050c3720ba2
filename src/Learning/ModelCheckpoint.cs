using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace OrleansFed.Learning;

/// <summary>
/// Compact binary checkpoints: the magic "OFCK", a format version (uint16 LE), the model spec as UTF-8 JSON
/// (uint32 LE length + bytes), the parameter count (int32 LE) and the parameters as float32 LE, followed by the
/// SHA-256 of everything before it. Loading validates every part and rejects a file that does not match.
/// </summary>
public static class ModelCheckpoint
{
    /// <summary>The current format version.</summary>
    public const ushort Version = 1;

    private const int MaxSpecBytes = 1 << 20;
    private static readonly byte[] Magic = "OFCK"u8.ToArray();

    /// <summary>Writes <paramref name="model"/> to <paramref name="destination"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="destination">A writable stream.</param>
    public static void Save(Model model, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(ToBytes(model));
    }

    /// <summary>The checkpoint bytes of <paramref name="model"/>.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The encoded checkpoint.</returns>
    public static byte[] ToBytes(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        byte[] spec = JsonSerializer.SerializeToUtf8Bytes(model.Spec);
        float[] parameters = model.GetParameters();
        int bodyLength = 4 + 2 + 4 + spec.Length + 4 + (4 * parameters.Length);
        byte[] bytes = new byte[bodyLength + SHA256.HashSizeInBytes];
        Span<byte> span = bytes;
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(span[6..], (uint)spec.Length);
        spec.CopyTo(span[10..]);
        int offset = 10 + spec.Length;
        BinaryPrimitives.WriteInt32LittleEndian(span[offset..], parameters.Length);
        offset += 4;
        for (int i = 0; i < parameters.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[(offset + (4 * i))..], parameters[i]);
        }

        SHA256.HashData(span[..bodyLength], span[bodyLength..]);
        return bytes;
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/>.</summary>
    /// <param name="source">A readable stream positioned at the checkpoint (read to its end).</param>
    /// <returns>The model with the stored spec and parameters.</returns>
    public static Model Load(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var buffer = new MemoryStream();
        source.CopyTo(buffer);
        return FromBytes(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Decodes checkpoint bytes.</summary>
    /// <param name="bytes">The encoded checkpoint.</param>
    /// <returns>The model.</returns>
    public static Model FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4 + 2 + 4 + 4 + SHA256.HashSizeInBytes || !bytes[..4].SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not an OrleansFed checkpoint (bad magic or too short).");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        if (version != Version)
        {
            throw new InvalidDataException($"Checkpoint format version {version} is not supported (expected {Version}).");
        }

        int bodyLength = bytes.Length - SHA256.HashSizeInBytes;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..bodyLength], hash);
        if (!CryptographicOperations.FixedTimeEquals(hash, bytes[bodyLength..]))
        {
            throw new InvalidDataException("Checkpoint checksum mismatch: the file is truncated or corrupted.");
        }

        uint specLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[6..]);
        if (specLength > MaxSpecBytes || 10 + specLength + 4 > bodyLength)
        {
            throw new InvalidDataException("Checkpoint spec length is out of range.");
        }

        ModelSpec spec;
        try
        {
            spec = JsonSerializer.Deserialize<ModelSpec>(bytes.Slice(10, (int)specLength))
                ?? throw new InvalidDataException("Checkpoint spec is null.");
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"Checkpoint spec is invalid: {e.Message}", e);
        }

        int offset = 10 + (int)specLength;
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes[offset..]);
        offset += 4;
        Model model = Model.Create(spec, 0);
        if (count != model.ParameterCount || (long)offset + (4L * count) != bodyLength)
        {
            throw new InvalidDataException($"Checkpoint holds {count} parameters; its spec needs {model.ParameterCount}.");
        }

        float[] parameters = new float[count];
        MemoryMarshal.Cast<byte, float>(bytes.Slice(offset, 4 * count)).CopyTo(parameters);
        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < count; i++)
            {
                parameters[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(offset + (4 * i))..]);
            }
        }

        foreach (float v in parameters)
        {
            if (!float.IsFinite(v))
            {
                throw new InvalidDataException("Checkpoint holds a non-finite parameter.");
            }
        }

        model.LoadParameters(parameters);
        return model;
    }
}
