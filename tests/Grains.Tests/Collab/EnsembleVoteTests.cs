using OrleansFed.Grains.Collab;
using Xunit;

namespace OrleansFed.Grains.Tests.Collab;

public sealed class EnsembleVoteTests
{
    [Fact]
    public void The_plurality_class_wins_and_ties_go_to_the_smallest_class()
    {
        int[][] predictions = [[0, 1, 2, 3], [0, 2, 1, 3], [1, 2, 2, 0]];
        Assert.Equal(new[] { 0, 2, 2, 3 }, EnsembleVote.Vote(predictions, 4));
        Assert.Equal(new[] { 1, 0 }, EnsembleVote.Vote([[2, 0], [1, 1]], 3));
    }

    [Fact]
    public void Accuracy_counts_exact_matches()
    {
        Assert.Equal(0.75, EnsembleVote.Accuracy([1, 2, 3, 4], [1, 2, 3, 0]));
    }

    [Fact]
    public void Ragged_empty_or_out_of_range_predictions_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => EnsembleVote.Vote([], 3));
        Assert.Throws<ArgumentException>(() => EnsembleVote.Vote([[0, 1], [0]], 3));
        var e = Assert.Throws<ArgumentException>(() => EnsembleVote.Vote([[0, 3]], 3));
        Assert.StartsWith("Worker 0 predicted class 3 for example 1, outside [0, 3).", e.Message);
        Assert.Throws<ArgumentException>(() => EnsembleVote.Accuracy([1], [1, 2]));
    }
}
