using OrleansFed.Learning;
using Xunit;

namespace OrleansFed.Learning.Tests;

public sealed class DatasetTests
{
    private static Dataset Small() => new([1, 2, 3, 4, 5, 6], [0, 2, 1], featureCount: 2, classCount: 3);

    [Fact]
    public void Features_and_labels_are_read_per_example()
    {
        Dataset data = Small();
        Assert.Equal(3, data.Count);
        Assert.Equal([3f, 4f], data.Features(1).ToArray());
        Assert.Equal(1, data.Label(2));
        Assert.Equal([0, 2, 1], data.Labels.ToArray());
    }

    [Fact]
    public void Subset_copies_the_selected_examples_in_order()
    {
        Dataset subset = Small().Subset([2, 0, 2]);
        Assert.Equal(3, subset.Count);
        Assert.Equal([5f, 6f], subset.Features(0).ToArray());
        Assert.Equal([1f, 2f], subset.Features(1).ToArray());
        Assert.Equal([1, 0, 1], subset.Labels.ToArray());
    }

    [Fact]
    public void Constructor_rejects_mismatched_lengths_and_labels_out_of_range()
    {
        Assert.Throws<ArgumentException>(() => new Dataset([1, 2, 3], [0, 1], 2, 3));
        Assert.Throws<ArgumentException>(() => new Dataset([1, 2, 3, 4], [0, 3], 2, 3));
        Assert.Throws<ArgumentException>(() => new Dataset([1, 2, 3, 4], [0, -1], 2, 3));
    }

    [Fact]
    public void Subset_and_Features_reject_indices_out_of_range()
    {
        Dataset data = Small();
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Subset([3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Features(-1).ToArray());
    }

    [Fact]
    public void Synthetic_data_is_deterministic_under_its_seed()
    {
        (Dataset a, Dataset ta) = SyntheticData.Create(50, 20, 8, 3, seed: 7);
        (Dataset b, Dataset tb) = SyntheticData.Create(50, 20, 8, 3, seed: 7);
        (Dataset c, _) = SyntheticData.Create(50, 20, 8, 3, seed: 8);
        Assert.Equal(a.Labels.ToArray(), b.Labels.ToArray());
        Assert.Equal(ta.Features(19).ToArray(), tb.Features(19).ToArray());
        Assert.NotEqual(a.Features(0).ToArray(), c.Features(0).ToArray());
        Assert.Equal(50, a.Count);
        Assert.Equal(20, ta.Count);
        Assert.Equal(8, a.FeatureCount);
    }
}
