using System.Buffers.Binary;

namespace OrleansFed.Learning;

/// <summary>Writes the IDX format <see cref="IdxReader"/> reads (unsigned bytes, big-endian extents).</summary>
public static class IdxWriter
{
    /// <summary>Writes an IDX3 image file.</summary>
    /// <param name="path">Destination (overwritten).</param>
    /// <param name="rows">Rows per image.</param>
    /// <param name="columns">Columns per image.</param>
    /// <param name="pixels">count·rows·columns bytes, row-major.</param>
    public static void WriteImages(string path, int rows, int columns, ReadOnlySpan<byte> pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        int size = rows * columns;
        if (pixels.Length == 0 || pixels.Length % size != 0)
        {
            throw new ArgumentException($"The pixels must hold a positive whole number of {rows}×{columns} images.", nameof(pixels));
        }

        Write(path, [pixels.Length / size, rows, columns], pixels);
    }

    /// <summary>Writes an IDX1 label file.</summary>
    /// <param name="path">Destination (overwritten).</param>
    /// <param name="labels">One byte per label.</param>
    public static void WriteLabels(string path, ReadOnlySpan<byte> labels)
    {
        if (labels.IsEmpty)
        {
            throw new ArgumentException("At least one label is required.", nameof(labels));
        }

        Write(path, [labels.Length], labels);
    }

    /// <summary>
    /// Writes <paramref name="data"/> as an IDX3 image file and an IDX1 label file: each feature in [0, 1] becomes the
    /// nearest byte of 255·x, so <see cref="Mnist"/>-style loading (x/255) reads it back within 1/510.
    /// </summary>
    /// <param name="data">Features in [0, 1] (rows·columns per tuple), labels below 256.</param>
    /// <param name="imagesPath">Image file (overwritten).</param>
    /// <param name="labelsPath">Label file (overwritten).</param>
    /// <param name="rows">Rows per image; columns = features / rows.</param>
    public static void WriteDataset(Dataset data, string imagesPath, string labelsPath, int rows)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        if (data.FeatureCount % rows != 0)
        {
            throw new ArgumentException($"{data.FeatureCount} features do not fill {rows} rows.", nameof(rows));
        }

        var pixels = new byte[data.Count * data.FeatureCount];
        var labels = new byte[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            var features = data.Features(i);
            for (int f = 0; f < features.Length; f++)
            {
                float x = features[f];
                if (!(x >= 0 && x <= 1))
                {
                    throw new ArgumentException($"Feature {f} of tuple {i} is {x}, outside [0, 1].", nameof(data));
                }

                pixels[(i * features.Length) + f] = (byte)Math.Round(x * 255f);
            }

            labels[i] = data.Label(i) is >= 0 and < 256 and var label
                ? (byte)label
                : throw new ArgumentException($"Label {data.Label(i)} of tuple {i} does not fit a byte.", nameof(data));
        }

        WriteImages(imagesPath, rows, data.FeatureCount / rows, pixels);
        WriteLabels(labelsPath, labels);
    }

    private static void Write(string path, int[] extents, ReadOnlySpan<byte> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = new byte[4 + (4 * extents.Length) + values.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)extents.Length;
        for (int i = 0; i < extents.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), extents[i]);
        }

        values.CopyTo(bytes.AsSpan(4 + (4 * extents.Length)));
        File.WriteAllBytes(path, bytes);
    }
}
