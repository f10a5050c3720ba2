using OrleansFed.Learning;
using Xunit;

namespace OrleansFed.Learning.Tests;

public sealed class IdxReaderTests
{
    [Fact]
    public void Images_and_labels_round_trip_and_load_as_scaled_mnist()
    {
        using var dir = new TempDirectory();
        byte[] pixels = [0, 255, 51, 102, 0, 0, 0, 0];
        File.WriteAllBytes(Path.Combine(dir.Path, Mnist.TrainImages), TestData.Idx(8, [2, 2, 2], pixels));
        File.WriteAllBytes(Path.Combine(dir.Path, Mnist.TrainLabels), TestData.Idx(8, [2], [7, 3]));
        File.WriteAllBytes(Path.Combine(dir.Path, Mnist.TestImages), TestData.Idx(8, [1, 2, 2], [255, 255, 255, 255]));
        File.WriteAllBytes(Path.Combine(dir.Path, Mnist.TestLabels), TestData.Idx(8, [1], [9]));

        (int count, int rows, int columns, byte[] read) = IdxReader.ReadImages(Path.Combine(dir.Path, Mnist.TrainImages));
        Assert.Equal((2, 2, 2), (count, rows, columns));
        Assert.Equal(pixels, read);

        (Dataset train, Dataset test) = Mnist.Load(dir.Path);
        Assert.Equal(2, train.Count);
        Assert.Equal(4, train.FeatureCount);
        Assert.Equal(10, train.ClassCount);
        Assert.Equal([0f, 1f, 0.2f, 0.4f], train.Features(0).ToArray());
        Assert.Equal([7, 3], train.Labels.ToArray());
        Assert.Equal(9, test.Label(0));
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 8, 1, 0, 0, 0, 1, 5 }, "magic")]
    [InlineData(new byte[] { 0, 0, 9, 1, 0, 0, 0, 1, 5 }, "type")]
    [InlineData(new byte[] { 0, 0, 8, 3, 0, 0, 0, 1, 5 }, "dimensions")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 2, 5 }, "expected")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 0 }, "extent")]
    [InlineData(new byte[] { 0, 0, 8 }, "short")]
    public void Malformed_label_files_are_rejected_with_a_clear_error(byte[] bytes, string expectedWord)
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "labels");
        File.WriteAllBytes(path, bytes);
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));
        Assert.Contains(expectedWord, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Mnist_load_rejects_label_count_mismatch_and_missing_directory()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(Path.Combine(dir.Path, Mnist.TrainImages), TestData.Idx(8, [1, 1, 1], [3]));
        File.WriteAllBytes(Path.Combine(dir.Path, Mnist.TrainLabels), TestData.Idx(8, [2], [1, 2]));
        File.WriteAllBytes(Path.Combine(dir.Path, Mnist.TestImages), TestData.Idx(8, [1, 1, 1], [3]));
        File.WriteAllBytes(Path.Combine(dir.Path, Mnist.TestLabels), TestData.Idx(8, [1], [1]));
        Assert.Throws<InvalidDataException>(() => Mnist.Load(dir.Path));
        Assert.Throws<DirectoryNotFoundException>(() => Mnist.Load(Path.Combine(dir.Path, "nope")));
    }
}
