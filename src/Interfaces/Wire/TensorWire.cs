using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace OrleansFed.Interfaces.Wire;

/// <summary>
/// Binary codec for model and update bodies (little-endian):
/// <c>ModelBlob = "OFM1" | int64 modelVersion | int32 count | float32[count]</c>,
/// <c>UpdateBlob = "OFU1" | int32 round | int64 sampleCount | float32 trainLoss | int32 count | float32[count]</c>.
/// Decoding is strict: wrong magic, unsupported version, truncation, trailing bytes, negative counts and
/// non-finite values are all rejected with a <see cref="TensorWireException"/> naming the problem.
/// </summary>
public static class TensorWire
{
    /// <summary>Bytes before the weights in a model body.</summary>
    public const int ModelHeaderSize = 4 + 8 + 4;

    /// <summary>Bytes before the weights in an update body.</summary>
    public const int UpdateHeaderSize = 4 + 4 + 8 + 4 + 4;

    /// <summary>Format version written and accepted (the fourth magic byte).</summary>
    public const byte FormatVersion = (byte)'1';

    private static ReadOnlySpan<byte> ModelMagic => "OFM"u8;

    private static ReadOnlySpan<byte> UpdateMagic => "OFU"u8;

    /// <summary>Size in bytes of a model body holding <paramref name="count"/> weights.</summary>
    /// <param name="count">Number of weights.</param>
    /// <returns>The body size.</returns>
    public static long ModelSize(int count) => ModelHeaderSize + (4L * count);

    /// <summary>Size in bytes of an update body holding <paramref name="count"/> weights.</summary>
    /// <param name="count">Number of weights.</param>
    /// <returns>The body size.</returns>
    public static long UpdateSize(int count) => UpdateHeaderSize + (4L * count);

    /// <summary>Encodes a model body.</summary>
    /// <param name="modelVersion">Model version.</param>
    /// <param name="weights">Flattened parameters.</param>
    /// <returns>The encoded body.</returns>
    public static byte[] EncodeModel(long modelVersion, ReadOnlySpan<float> weights)
    {
        var body = new byte[ModelSize(weights.Length)];
        ModelMagic.CopyTo(body);
        body[3] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(4), modelVersion);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(12), weights.Length);
        WriteFloats(weights, body.AsSpan(ModelHeaderSize));
        return body;
    }

    /// <summary>Encodes a model body.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The encoded body.</returns>
    public static byte[] EncodeModel(ModelBlob model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return EncodeModel(model.ModelVersion, model.Weights.Span);
    }

    /// <summary>Encodes an update body. Does not validate values: the receiver does.</summary>
    /// <param name="round">Round number.</param>
    /// <param name="sampleCount">Local sample count.</param>
    /// <param name="trainLoss">Mean local training loss.</param>
    /// <param name="weights">Flattened trained parameters.</param>
    /// <returns>The encoded body.</returns>
    public static byte[] EncodeUpdate(int round, long sampleCount, float trainLoss, ReadOnlySpan<float> weights)
    {
        var body = new byte[UpdateSize(weights.Length)];
        UpdateMagic.CopyTo(body);
        body[3] = FormatVersion;
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(4), round);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(8), sampleCount);
        BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(16), trainLoss);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(20), weights.Length);
        WriteFloats(weights, body.AsSpan(UpdateHeaderSize));
        return body;
    }

    /// <summary>Encodes an update body.</summary>
    /// <param name="update">The update.</param>
    /// <returns>The encoded body.</returns>
    public static byte[] EncodeUpdate(UpdateBlob update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return EncodeUpdate(update.Round, update.SampleCount, update.TrainLoss, update.Weights.Span);
    }

    /// <summary>Decodes and validates a model body (weights must be finite).</summary>
    /// <param name="body">The body.</param>
    /// <returns>The model.</returns>
    /// <exception cref="TensorWireException">The body is malformed or holds non-finite weights.</exception>
    public static ModelBlob DecodeModel(ReadOnlySpan<byte> body)
    {
        CheckMagic(body, ModelMagic, ModelHeaderSize, "model");
        var version = BinaryPrimitives.ReadInt64LittleEndian(body[4..]);
        if (version < 0)
        {
            throw new TensorWireException(TensorWireError.InvalidHeader, $"Model version {version} is negative.");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(body[12..]);
        var weights = ReadWeights(body, ModelHeaderSize, count, "model");
        return new ModelBlob(version, weights);
    }

    /// <summary>Decodes and validates an update body: header ranges, exact length, finite loss and weights.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The update.</returns>
    /// <exception cref="TensorWireException">The body is malformed or holds non-finite values.</exception>
    public static UpdateBlob DecodeUpdate(ReadOnlySpan<byte> body)
    {
        CheckMagic(body, UpdateMagic, UpdateHeaderSize, "update");
        var round = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
        if (round <= 0)
        {
            throw new TensorWireException(TensorWireError.InvalidHeader, $"Update round {round} must be at least 1.");
        }

        var samples = BinaryPrimitives.ReadInt64LittleEndian(body[8..]);
        if (samples <= 0)
        {
            throw new TensorWireException(TensorWireError.InvalidHeader, $"Update sample count {samples} must be at least 1.");
        }

        var loss = BinaryPrimitives.ReadSingleLittleEndian(body[16..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(body[20..]);
        var weights = ReadWeights(body, UpdateHeaderSize, count, "update");
        if (!float.IsFinite(loss))
        {
            throw new TensorWireException(TensorWireError.NonFinite, "Update training loss is NaN or infinite.");
        }

        return new UpdateBlob(round, samples, loss, weights);
    }

    /// <summary>Index of the first NaN or ±Infinity in <paramref name="values"/>, or -1 when all are finite.</summary>
    /// <param name="values">Values to scan.</param>
    /// <returns>The index, or -1.</returns>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        // A float is NaN or infinite exactly when all exponent bits are set.
        const uint exponentMask = 0x7F80_0000u;
        var bits = MemoryMarshal.Cast<float, uint>(values);
        var i = 0;
        if (Vector.IsHardwareAccelerated && bits.Length >= Vector<uint>.Count)
        {
            var mask = new Vector<uint>(exponentMask);
            for (; i <= bits.Length - Vector<uint>.Count; i += Vector<uint>.Count)
            {
                var v = new Vector<uint>(bits[i..]);
                if (Vector.EqualsAny(v & mask, mask))
                {
                    break;
                }
            }
        }

        for (; i < bits.Length; i++)
        {
            if ((bits[i] & exponentMask) == exponentMask)
            {
                return i;
            }
        }

        return -1;
    }

    private static void CheckMagic(ReadOnlySpan<byte> body, ReadOnlySpan<byte> magic, int headerSize, string what)
    {
        if (body.Length < headerSize)
        {
            throw new TensorWireException(
                TensorWireError.Truncated,
                $"A {what} body needs at least {headerSize} header bytes; got {body.Length}.");
        }

        if (!body[..3].SequenceEqual(magic))
        {
            throw new TensorWireException(
                TensorWireError.BadMagic,
                $"A {what} body must start with \"{System.Text.Encoding.ASCII.GetString(magic)}{(char)FormatVersion}\".");
        }

        if (body[3] != FormatVersion)
        {
            throw new TensorWireException(
                TensorWireError.UnsupportedVersion,
                $"Unsupported {what} format version byte 0x{body[3]:X2}; this silo reads version '{(char)FormatVersion}'.");
        }
    }

    private static float[] ReadWeights(ReadOnlySpan<byte> body, int headerSize, int count, string what)
    {
        if (count < 0)
        {
            throw new TensorWireException(TensorWireError.InvalidHeader, $"The {what} weight count {count} is negative.");
        }

        var expected = headerSize + (4L * count);
        if (body.Length != expected)
        {
            throw new TensorWireException(
                TensorWireError.LengthMismatch,
                $"The {what} header declares {count} weights ({expected} bytes) but the body has {body.Length} bytes.");
        }

        var weights = new float[count];
        var payload = body[headerSize..];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(payload).CopyTo(weights);
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                weights[i] = BinaryPrimitives.ReadSingleLittleEndian(payload[(4 * i)..]);
            }
        }

        var bad = IndexOfNonFinite(weights);
        if (bad >= 0)
        {
            throw new TensorWireException(
                TensorWireError.NonFinite,
                $"The {what} weight at index {bad} is NaN or infinite.");
        }

        return weights;
    }

    private static void WriteFloats(ReadOnlySpan<float> source, Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(source).CopyTo(destination);
            return;
        }

        for (var i = 0; i < source.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[(4 * i)..], source[i]);
        }
    }
}
