using OrleansFed.Cli.Simulation.Pate;
using OrleansFed.Interfaces.Pate;
using Xunit;

namespace OrleansFed.EndToEnd.Tests;

/// <summary>The pieces of <c>simulate --protocol pate</c>: vote aggregation under secure aggregation, defaults, augmentation.</summary>
public sealed class PateSimulationPartsTests
{
    [Fact]
    public void Secure_aggregation_of_one_hot_votes_yields_exactly_the_plain_histograms_and_names_every_teacher()
    {
        string[] teachers = ["p1", "p2", "p3", "p4", "p5"];
        int[] queries = [40, 41, 42];
        // votes[t][i]: teacher t's class for query i.
        int[][] votes = [[0, 1, 2], [0, 1, 1], [0, 2, 1], [3, 1, 1], [0, 1, 0]];
        var contribution = SecureVoteAggregation.Aggregate("test/pate/b0/secagg", teachers, votes, queries, classes: 4, degree: 0);

        Assert.Equal(teachers, contribution.Teachers.ToArray());
        Assert.Equal(queries, contribution.Queries.Select(q => q.QueryId));
        Assert.Equal([4, 0, 0, 1], contribution.Queries[0].Counts.ToArray());
        Assert.Equal([0, 4, 1, 0], contribution.Queries[1].Counts.ToArray());
        Assert.Equal([1, 3, 1, 0], contribution.Queries[2].Counts.ToArray());
    }

    [Fact]
    public void Secure_aggregation_with_a_neighbour_graph_also_yields_the_exact_sum()
    {
        var teachers = Enumerable.Range(1, 12).Select(i => $"p{i}").ToArray();
        var votes = Enumerable.Range(0, 12).Select(t => new[] { t % 3, (t * 7) % 10 }).ToArray();
        var contribution = SecureVoteAggregation.Aggregate("test/pate/b1/secagg", teachers, votes, [7, 8], classes: 10, degree: 4);

        for (int i = 0; i < 2; i++)
        {
            var expected = new int[10];
            foreach (var v in votes)
            {
                expected[v[i]]++;
            }

            Assert.Equal(expected, contribution.Queries[i].Counts.ToArray());
        }
    }

    [Fact]
    public void One_hot_encoding_puts_a_single_one_per_query_at_the_teachers_class()
    {
        Assert.Equal([0u, 0u, 1u, 1u, 0u, 0u], SecureVoteAggregation.OneHot([2, 0], 3));
    }

    [Fact]
    public void A_sum_larger_than_the_cohort_is_rejected_when_decoded()
    {
        var result = new OrleansFed.Privacy.SecureAggregation.AggregationResult(new uint[] { 3, 0 }, [1, 2]);
        Assert.Throws<InvalidOperationException>(() => SecureVoteAggregation.ToContribution(result, ["p1", "p2"], [0], 2));
    }

    [Fact]
    public void Default_mechanism_settings_are_papernots_mnist_settings_scaled_to_the_teacher_count()
    {
        var confident = PateAggregatorNames.Create("confident-gnmax", 100, null, null, null, null, null);
        Assert.Equal(PateAggregatorSpec.ConfidentGnMax(80, 60, 16), confident);
        Assert.Equal(PateAggregatorSpec.ConfidentGnMax(200, 150, 40), PateAggregatorNames.Create("confident-gnmax", 250, null, null, null, null, null));
        Assert.Equal(PateAggregatorSpec.GnMax(16), PateAggregatorNames.Create("gnmax", 100, null, null, null, null, null));
        Assert.Equal(PateAggregatorSpec.LnMax(0.125), PateAggregatorNames.Create("lnmax", 100, null, null, null, null, null));
        Assert.Equal(PateAggregatorSpec.LocalGeometric(1), PateAggregatorNames.Create("local-geometric", 100, null, null, null, null, null));
        Assert.Equal(PateAggregatorSpec.ConfidentGnMax(70, 20, 25), PateAggregatorNames.Create("confident-gnmax", 100, null, 25, 70, 20, null));
        Assert.Equal("confident-gnmax:threshold=80,sigma1=60,sigma2=16", PateAggregatorNames.Describe(confident));
        Assert.Throws<OrleansFed.Cli.UsageException>(() => PateAggregatorNames.Create("median", 100, null, null, null, null, null));
    }

    [Fact]
    public void Shifting_moves_pixels_by_whole_steps_and_fills_with_zero()
    {
        float[] image = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var shifted = new float[9];
        StudentAugmentation.Shift(image, shifted, 3, dx: 1, dy: 0);
        Assert.Equal([0f, 1, 2, 0, 4, 5, 0, 7, 8], shifted);
        StudentAugmentation.Shift(image, shifted, 3, dx: -1, dy: -1);
        Assert.Equal([5f, 6, 0, 8, 9, 0, 0, 0, 0], shifted);
    }

    [Fact]
    public void Augmentation_keeps_the_originals_first_and_repeats_each_label_per_copy()
    {
        float[] images = [.. Enumerable.Range(0, 8).Select(i => (float)i)]; // two 2×2 images
        var (features, labels) = StudentAugmentation.Augment(images, [3, 5], side: 2, copies: 2);
        Assert.Equal([3, 5, 3, 5, 3, 5], labels);
        Assert.Equal(images, features[..8]);
        Assert.Equal([0f, 0, 0, 2, 0, 4, 0, 6], features[8..16]);   // shifted right by one
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentAugmentation.Augment(images, [3, 5], 2, StudentAugmentation.MaxCopies + 1));
    }

    [Fact]
    public async Task Simulate_pate_rejects_an_aggregation_rule_that_is_not_a_pate_mechanism_with_exit_code_2()
    {
        var work = TestEnvironment.TempDirectory("orleansfed-pate-args-");
        try
        {
            var (exitCode, output) = await OrleansFedProcess.RunAsync(
                work.FullName, TimeSpan.FromMinutes(1), "simulate", "--protocol", "pate", "--dataset", "synthetic", "--aggregator", "median");
            Assert.Equal(2, exitCode);
            Assert.Contains("lnmax, gnmax, confident-gnmax, local-geometric", output, StringComparison.Ordinal);

            (exitCode, output) = await OrleansFedProcess.RunAsync(
                work.FullName, TimeSpan.FromMinutes(1), "simulate", "--protocol", "pate", "--dataset", "synthetic", "--queries", "0");
            Assert.Equal(2, exitCode);
        }
        finally
        {
            TestEnvironment.TryDelete(work);
        }
    }
}
