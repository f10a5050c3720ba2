using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecureAggregation;
using OrleansFed.Privacy.Tests.Support;

namespace OrleansFed.Privacy.Tests.SecureAggregation;

public sealed class NeighbourGraphTests
{
    [Fact]
    public void Harary_graph_is_k_regular_and_symmetric()
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(1));
        var graph = NeighbourGraph.Harary(Enumerable.Range(1, 40), 12, random);
        Assert.False(graph.IsComplete);
        foreach (int u in Enumerable.Range(1, 40))
        {
            var neighbours = graph.NeighboursOf(u);
            Assert.Equal(12, neighbours.Count);
            Assert.DoesNotContain(u, neighbours);
            foreach (int v in Enumerable.Range(1, 40))
            {
                Assert.Equal(neighbours.Contains(v), graph.AreNeighbours(u, v));
                Assert.Equal(graph.AreNeighbours(u, v), graph.AreNeighbours(v, u));
            }
        }
    }

    [Fact]
    public void Degree_at_least_n_minus_1_gives_the_complete_graph()
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(2));
        var graph = NeighbourGraph.Harary([3, 1, 2, 4], 4, random);
        Assert.True(graph.IsComplete);
        Assert.Equal([1, 2, 4], graph.NeighboursOf(3));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-2)]
    public void Odd_or_negative_degrees_are_rejected(int degree) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new NeighbourGraph([1, 2, 3, 4, 5, 6, 7, 8], degree));

    [Fact]
    public void Duplicate_or_non_positive_ids_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new NeighbourGraph([1, 1, 2], 0));
        Assert.Throws<ArgumentException>(() => new NeighbourGraph([0, 1, 2], 0));
    }
}
