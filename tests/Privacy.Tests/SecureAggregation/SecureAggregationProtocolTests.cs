using System.Globalization;
using System.Diagnostics;
using OrleansFed.Privacy.SecureAggregation;
using Xunit.Abstractions;

namespace OrleansFed.Privacy.Tests.SecureAggregation;

public sealed class SecureAggregationProtocolTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0, 51)]  // Bonawitz et al. 2017: every pair of parties shares a mask (complete graph), t > n/2
    [InlineData(40, 21)]   // SecAgg+ (Bell et al. 2020): 40 neighbours each, t > degree/2
    public void Hundred_parties_hundred_thousand_dims_thirty_percent_drop_after_share_keys_sum_exactly_the_survivors(
        int degree, int threshold)
    {
        var parameters = new SecureAggregationParameters(
            "acceptance/round-1", VectorLength: 100_000, Threshold: threshold, NeighbourDegree: degree);
        using var harness = new SecureAggregationHarness(parameters, parties: 100, seed: 42);
        var dropped = new HashSet<int>(Enumerable.Range(1, 100).Where(id => id % 10 is 1 or 4 or 7)); // 30 parties
        Assert.Equal(30, dropped.Count);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = harness.Run(dropAfterShareKeys: dropped);
        output.WriteLine($"100 × 100,000, degree {(degree == 0 ? "complete" : degree.ToString(CultureInfo.InvariantCulture))}, 30 % dropout: "
            + $"{watch.Elapsed.TotalSeconds:F2} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F2} s CPU");

        var survivors = Enumerable.Range(1, 100).Where(id => !dropped.Contains(id)).ToArray();
        Assert.Equal(survivors, result.Contributors);
        Assert.Equal(harness.PlainSum(survivors), result.Sum.ToArray());
    }

    [Fact]
    public void Complete_graph_secagg_recovers_thirty_percent_dropout_exactly()
    {
        var parameters = new SecureAggregationParameters("secagg/complete", VectorLength: 10_000, Threshold: 16);
        using var harness = new SecureAggregationHarness(parameters, parties: 30, seed: 9);
        var dropped = new HashSet<int> { 2, 5, 8, 11, 14, 17, 20, 23, 26 };

        var result = harness.Run(dropAfterShareKeys: dropped);

        var survivors = Enumerable.Range(1, 30).Where(id => !dropped.Contains(id)).ToArray();
        Assert.Equal(harness.PlainSum(survivors), result.Sum.ToArray());
    }

    [Fact]
    public void SecAgg_plus_neighbourhoods_recover_from_dropouts_in_every_round()
    {
        var parameters = new SecureAggregationParameters("secagg+/round-7", VectorLength: 1_003, Threshold: 7, NeighbourDegree: 12);
        using var harness = new SecureAggregationHarness(parameters, parties: 40, seed: 7);

        var result = harness.Run(
            dropBeforeShareKeys: new HashSet<int> { 3 },
            dropAfterShareKeys: new HashSet<int> { 5, 11, 17, 23, 31 },
            dropBeforeUnmasking: new HashSet<int> { 8, 20 });

        var survivors = Enumerable.Range(1, 40).Where(id => id is not (3 or 5 or 11 or 17 or 23 or 31)).ToArray();
        Assert.Equal(survivors, result.Contributors);
        Assert.Equal(harness.PlainSum(survivors), result.Sum.ToArray());
    }

    [Fact]
    public void Without_dropouts_the_result_is_the_sum_of_all_inputs()
    {
        var parameters = new SecureAggregationParameters("plain", VectorLength: 17, Threshold: 3);
        using var harness = new SecureAggregationHarness(parameters, parties: 5, seed: 3);
        var result = harness.Run();
        Assert.Equal(harness.PlainSum(Enumerable.Range(1, 5)), result.Sum.ToArray());
    }

    [Fact]
    public void Closing_masked_input_below_the_threshold_aborts_the_session()
    {
        var parameters = new SecureAggregationParameters("abort", VectorLength: 8, Threshold: 4);
        using var harness = new SecureAggregationHarness(parameters, parties: 6, seed: 5);
        var ex = Assert.Throws<SecureAggregationException>(() => harness.Run(dropAfterShareKeys: new HashSet<int> { 1, 2, 3 }));
        Assert.Equal(SecureAggregationFault.ThresholdViolation, ex.Fault);

        var again = Assert.Throws<SecureAggregationException>(() => harness.Server.Finish());
        Assert.Equal(SecureAggregationFault.OutOfOrder, again.Fault);
    }

    [Fact]
    public void Too_few_unmasking_responses_abort_instead_of_returning_a_masked_sum()
    {
        var parameters = new SecureAggregationParameters("late-abort", VectorLength: 8, Threshold: 4);
        using var harness = new SecureAggregationHarness(parameters, parties: 6, seed: 6);
        var ex = Assert.Throws<SecureAggregationException>(() => harness.Run(dropBeforeUnmasking: new HashSet<int> { 1, 2, 3 }));
        Assert.Equal(SecureAggregationFault.ThresholdViolation, ex.Fault);
    }

    [Fact]
    public void Too_few_advertisements_abort_at_the_first_close()
    {
        var parameters = new SecureAggregationParameters("small", VectorLength: 4, Threshold: 3);
        using var server = new SecureAggregationServer(parameters);
        using var a = new SecureAggregationClient(1, parameters);
        using var b = new SecureAggregationClient(2, parameters);
        using var c = new SecureAggregationClient(3, parameters);
        server.ReceiveAdvertisement(a.AdvertiseKeys());
        server.ReceiveAdvertisement(b.AdvertiseKeys());
        server.ReceiveAdvertisement(c.AdvertiseKeys());
        Assert.Equal(SecureAggregationFault.ThresholdViolation, Assert.Throws<SecureAggregationException>(() => server.CloseAdvertisement()).Fault);
    }
}
