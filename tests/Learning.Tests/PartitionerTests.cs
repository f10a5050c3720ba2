using OrleansFed.Learning;
using Xunit;

namespace OrleansFed.Learning.Tests;

public sealed class PartitionerTests
{
    private static readonly Dataset Data = SyntheticData.Create(1000, 0, 2, 10, seed: 3).Train;

    private static void AssertDisjointSorted(int[][] parts)
    {
        var seen = new HashSet<int>();
        foreach (int[] part in parts)
        {
            Assert.NotEmpty(part);
            for (int i = 0; i < part.Length; i++)
            {
                Assert.True(seen.Add(part[i]), $"index {part[i]} appears twice");
                Assert.True(i == 0 || part[i - 1] < part[i]);
            }
        }
    }

    [Fact]
    public void Iid_covers_every_example_once_in_near_equal_parts()
    {
        int[][] parts = Partitioners.Parse("iid").Split(Data, 7, seed: 1);
        AssertDisjointSorted(parts);
        Assert.Equal(1000, parts.Sum(p => p.Length));
        Assert.All(parts, p => Assert.InRange(p.Length, 142, 143));
    }

    [Fact]
    public void Splits_are_deterministic_under_the_seed_and_change_with_it()
    {
        foreach (string spec in new[] { "iid", "sizes:100,200,300", "dirichlet:0.5" })
        {
            IPartitioner partitioner = Partitioners.Parse(spec);
            int[][] a = partitioner.Split(Data, 3, seed: 11);
            int[][] b = Partitioners.Parse(spec).Split(Data, 3, seed: 11);
            int[][] c = partitioner.Split(Data, 3, seed: 12);
            Assert.Equal(a, b);
            Assert.NotEqual(a, c);
        }
    }

    [Fact]
    public void Sizes_gives_each_party_exactly_its_size()
    {
        int[][] parts = Partitioners.Parse("sizes:12,300,30,12,120,3").Split(Data, 6, seed: 5);
        AssertDisjointSorted(parts);
        Assert.Equal([12, 300, 30, 12, 120, 3], parts.Select(p => p.Length));
    }

    [Fact]
    public void Sizes_rejects_a_party_count_mismatch_and_a_total_above_the_data()
    {
        Assert.Throws<ArgumentException>(() => Partitioners.Parse("sizes:10,20").Split(Data, 3, 0));
        Assert.Throws<ArgumentException>(() => Partitioners.Parse("sizes:600,401").Split(Data, 2, 0));
        Assert.Equal(2, Partitioners.Parse("sizes:600,400").Split(Data, 2, 0).Length);
    }

    [Fact]
    public void Dirichlet_covers_every_example_and_small_alpha_skews_labels()
    {
        int[][] parts = Partitioners.Parse("dirichlet:0.1").Split(Data, 5, seed: 2);
        AssertDisjointSorted(parts);
        Assert.Equal(1000, parts.Sum(p => p.Length));

        // With alpha = 0.1 most parties are dominated by few classes; with alpha = 1000 every party looks like the whole.
        double SkewedShare(int[][] split) => split.Average(p =>
            p.GroupBy(i => Data.Label(i)).Max(g => g.Count()) / (double)p.Length);
        double skewed = SkewedShare(parts);
        double uniform = SkewedShare(Partitioners.Parse("dirichlet:1000").Split(Data, 5, seed: 2));
        Assert.True(skewed > 0.3, $"alpha 0.1 dominant-class share {skewed}");
        Assert.True(uniform < 0.2, $"alpha 1000 dominant-class share {uniform}");
    }

    [Fact]
    public void Dirichlet_that_cannot_fill_every_party_fails_clearly()
    {
        var oneClass = new Dataset(new float[60], new int[60], 1, 1);
        Assert.Throws<InvalidOperationException>(() => Partitioners.Parse("dirichlet:0.001").Split(oneClass, 50, seed: 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("iid:3")]
    [InlineData("sizes:")]
    [InlineData("sizes:10,-2")]
    [InlineData("sizes:10,x")]
    [InlineData("dirichlet:0")]
    [InlineData("dirichlet:-1")]
    [InlineData("dirichlet:abc")]
    [InlineData("shards:2")]
    public void Bad_specs_are_rejected(string spec) =>
        Assert.Throws<ArgumentException>(() => Partitioners.Parse(spec));

    [Fact]
    public void More_parties_than_examples_is_rejected()
    {
        Dataset tiny = Data.Subset([0, 1, 2]);
        Assert.Throws<ArgumentException>(() => Partitioners.Parse("iid").Split(tiny, 4, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Partitioners.Parse("iid").Split(tiny, 0, 0));
    }
}
