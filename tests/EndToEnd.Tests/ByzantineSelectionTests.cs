using OrleansFed.Cli;
using OrleansFed.Cli.Simulation;
using Xunit;

namespace OrleansFed.EndToEnd.Tests;

public sealed class ByzantineSelectionTests
{
    [Theory]
    [InlineData(10, 0.2, 2)]
    [InlineData(10, 0.25, 2)]
    [InlineData(5, 0.2, 1)]
    [InlineData(10, 0.05, 0)]
    [InlineData(3, 0.99, 2)]
    [InlineData(10, 0.3, 3)]
    public void Count_is_the_floor_of_fraction_times_clients(int clients, double fraction, int expected)
        => Assert.Equal(expected, ByzantineSelection.Count(clients, fraction));

    [Fact]
    public void Choice_is_reproducible_sorted_distinct_in_range_and_depends_on_the_seed()
    {
        var chosen = ByzantineSelection.Choose(10, 0.3, seed: 0);

        Assert.Equal(chosen, ByzantineSelection.Choose(10, 0.3, seed: 0));
        Assert.Equal(3, chosen.Length);
        Assert.Equal(chosen.Order(), chosen);
        Assert.Equal(3, chosen.Distinct().Count());
        Assert.All(chosen, i => Assert.InRange(i, 0, 9));
        var others = Enumerable.Range(1, 20).Select(s => string.Join(',', ByzantineSelection.Choose(10, 0.3, s))).Distinct().Count();
        Assert.True(others > 5, $"only {others} distinct choices over 20 seeds");
    }

    [Fact]
    public void Every_party_is_chosen_for_some_seed()
    {
        var hit = new HashSet<int>();
        for (var seed = 0; seed < 200; seed++)
        {
            hit.UnionWith(ByzantineSelection.Choose(10, 0.2, seed));
        }

        Assert.Equal(Enumerable.Range(0, 10), hit.Order());
    }

    [Theory]
    [InlineData(10, null, null, 10)]
    [InlineData(10, null, 0.25, 3)]
    [InlineData(10, "multi-krum:f=2,m=6", null, 10)]
    [InlineData(10, "multi-krum:f=2", 0.3, 7)]
    [InlineData(10, "median", 0.6, 6)]
    public void Simulation_rounds_need_the_sample_size_but_at_least_the_rule_minimum(int clients, string? aggregator, double? fraction, int expected)
    {
        var settings = new SimulationSettings
        {
            Dataset = "synthetic", Model = "logreg", Clients = clients, Rounds = 1, Aggregator = aggregator, SampleFraction = fraction,
        };

        Assert.Equal(expected, SimulationRunner.MinParticipants(settings));
    }

    [Fact]
    public void A_rule_needing_more_updates_than_clients_is_a_usage_error()
    {
        var settings = new SimulationSettings { Dataset = "synthetic", Model = "logreg", Clients = 6, Rounds = 1, Aggregator = "multi-krum:f=2" };

        var ex = Assert.Throws<UsageException>(() => SimulationRunner.MinParticipants(settings));
        Assert.Equal("--aggregator multi-krum:f=2 needs at least 7 updates per round; --clients is 6.", ex.Message);
    }
}
