using OrleansFed.Learning;
using Xunit;

namespace OrleansFed.Learning.Tests;

public sealed class IdxWriterTests
{
    [Fact]
    public void A_dataset_written_as_idx_reads_back_as_the_same_bytes_and_values()
    {
        using var dir = new TempDirectory();
        var data = new Dataset([0f, 1f, 0.2f, 0.4f, 1f / 255, 0.5f, 0f, 1f], [7, 3], 4, 10);
        string images = Path.Combine(dir.Path, "i"), labels = Path.Combine(dir.Path, "l");
        IdxWriter.WriteDataset(data, images, labels, rows: 2);

        Assert.Equal(TestData.Idx(8, [2, 2, 2], [0, 255, 51, 102, 1, 128, 0, 255]), File.ReadAllBytes(images));
        Assert.Equal(TestData.Idx(8, [2], [7, 3]), File.ReadAllBytes(labels));
        var (count, rows, columns, pixels) = IdxReader.ReadImages(images);
        Assert.Equal((2, 2, 2), (count, rows, columns));
        Assert.Equal([1, 128, 0, 255], pixels[4..]);
        Assert.Equal([7, 3], IdxReader.ReadLabels(labels));
    }

    [Fact]
    public void Values_that_do_not_fit_the_format_are_refused_and_nothing_is_written()
    {
        using var dir = new TempDirectory();
        string images = Path.Combine(dir.Path, "i"), labels = Path.Combine(dir.Path, "l");
        Assert.Throws<ArgumentException>(() => IdxWriter.WriteDataset(new Dataset([0f, 1.5f], [0], 2, 2), images, labels, rows: 1));
        Assert.Throws<ArgumentException>(() => IdxWriter.WriteDataset(new Dataset([0f, -0.1f], [0], 2, 2), images, labels, rows: 1));
        Assert.Throws<ArgumentException>(() => IdxWriter.WriteDataset(new Dataset([0f, 0f, 0f], [0], 3, 2), images, labels, rows: 2));
        Assert.Throws<ArgumentException>(() => IdxWriter.WriteDataset(new Dataset([0f, 0f], [300], 2, 301), images, labels, rows: 1));
        Assert.Throws<ArgumentException>(() => IdxWriter.WriteImages(images, 2, 2, new byte[6]));
        Assert.Throws<ArgumentException>(() => IdxWriter.WriteLabels(labels, []));
        Assert.False(File.Exists(images));
        Assert.False(File.Exists(labels));
    }
}
