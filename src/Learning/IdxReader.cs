using System.Buffers.Binary;

namespace OrleansFed.Learning;

/// <summary>
/// Reads the IDX format of the MNIST distribution: a big-endian header (two zero bytes, a type code 0x08 for
/// unsigned bytes, the number of dimensions, then each extent) followed by the raw values.
/// </summary>
public static class IdxReader
{
    /// <summary>Reads an IDX3 image file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The image count, rows, columns and the pixels (count·rows·columns bytes, row-major).</returns>
    public static (int Count, int Rows, int Columns, byte[] Pixels) ReadImages(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int[] dims = ReadHeader(bytes, 3, path);
        return (dims[0], dims[1], dims[2], bytes.AsSpan(HeaderLength(3)).ToArray());
    }

    /// <summary>Reads an IDX1 label file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>One byte per label.</returns>
    public static byte[] ReadLabels(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ReadHeader(bytes, 1, path);
        return bytes.AsSpan(HeaderLength(1)).ToArray();
    }

    /// <summary>Parses and validates an IDX header of unsigned bytes with <paramref name="rank"/> dimensions.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="rank">Expected number of dimensions.</param>
    /// <param name="name">File name for error messages.</param>
    /// <returns>The extents.</returns>
    public static int[] ReadHeader(ReadOnlySpan<byte> bytes, int rank, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        if (bytes.Length < HeaderLength(rank))
        {
            throw new InvalidDataException($"{name}: too short for an IDX header ({bytes.Length} bytes).");
        }

        if (bytes[0] != 0 || bytes[1] != 0)
        {
            throw new InvalidDataException($"{name}: not an IDX file (magic must start with two zero bytes).");
        }

        if (bytes[2] != 0x08)
        {
            throw new InvalidDataException($"{name}: IDX type 0x{bytes[2]:X2} is not unsigned byte (0x08).");
        }

        if (bytes[3] != rank)
        {
            throw new InvalidDataException($"{name}: expected {rank} dimensions, the header says {bytes[3]}.");
        }

        int[] dims = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++)
        {
            uint extent = BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(4 + (4 * i)));
            if (extent == 0 || extent > int.MaxValue)
            {
                throw new InvalidDataException($"{name}: dimension {i} has invalid extent {extent}.");
            }

            dims[i] = (int)extent;
            size *= extent;
        }

        long expected = HeaderLength(rank) + size;
        if (bytes.Length != expected)
        {
            throw new InvalidDataException($"{name}: expected {expected} bytes for shape [{string.Join(',', dims)}], the file has {bytes.Length}.");
        }

        return dims;
    }

    private static int HeaderLength(int rank) => 4 + (4 * rank);
}
