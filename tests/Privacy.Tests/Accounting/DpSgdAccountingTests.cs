using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Privacy.Tests.Accounting;

public sealed class DpSgdAccountingTests
{
    [Theory]
    [InlineData(60000, 150, 1.3, 15, 1e-5, RdpConversion.Improved, 0.7242234026)]
    [InlineData(60000, 150, 1.3, 15, 1e-5, RdpConversion.Classic, 0.941870567)]
    [InlineData(100000, 100, 1.0, 30, 1e-7, RdpConversion.Improved, 1.4154988495)]
    [InlineData(100000, 100, 1.0, 30, 1e-7, RdpConversion.Classic, 1.70928734)]
    public void Epsilon_of_dp_sgd_matches_tf_privacy_reference_within_1e6_relative(
        int datasetSize, int batchSize, double noiseMultiplier, int epochs, double delta, RdpConversion conversion, double expected)
    {
        double q = (double)batchSize / datasetSize;
        long steps = (long)Math.Ceiling((double)epochs * datasetSize / batchSize);
        var orders = RdpOrders.Default.ToArray();
        var rdp = new double[orders.Length];
        SubsampledGaussianRdp.Compute(q, noiseMultiplier, steps, orders, rdp);

        var guarantee = RdpToDp.Epsilon(orders, rdp, delta, conversion);

        Assert.InRange(Math.Abs(guarantee.Epsilon - expected) / expected, 0, 1e-6);
    }
}
