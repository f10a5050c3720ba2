using OrleansFed.Cli.Simulation;
using Xunit;

namespace OrleansFed.EndToEnd.Tests;

/// <summary>The simulation's header line stays readable for any number of clients.</summary>
public sealed class ConsoleSimulationObserverTests
{
    [Fact]
    public void A_few_partition_sizes_are_listed_one_by_one()
    {
        Assert.Equal("600,599,601", ConsoleSimulationObserver.DescribeSizes([600, 599, 601]));
        Assert.Equal(string.Join(",", Enumerable.Repeat("3", 20)), ConsoleSimulationObserver.DescribeSizes([.. Enumerable.Repeat(3, 20)]));
    }

    [Fact]
    public void Many_partition_sizes_are_summarised_by_count_range_and_mean()
    {
        int[] sizes = [.. Enumerable.Repeat(60, 998), 59, 63];
        Assert.Equal("1000 sizes 59–63, mean 60.0", ConsoleSimulationObserver.DescribeSizes(sizes));
    }
}
