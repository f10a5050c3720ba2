using System.Text.Json;
using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Privacy.Tests.Accounting;

/// <summary>
/// The sampling-without-replacement bound (Wang, Balle and Kasiviswanathan 2019, Theorem 27) against an independent
/// evaluation of the same formula in 400-digit decimal arithmetic (Python's <c>decimal</c>, forward differences as
/// exact binomial sums, not the integral the implementation uses), which is what the reference values below are.
/// </summary>
public sealed class WithoutReplacementGaussianRdpTests
{
    [Theory]
    [InlineData(0.1, 1.0, 1.5, 0.052939293727797605)]
    [InlineData(0.1, 1.0, 2, 0.052939293727797605)]
    [InlineData(0.1, 1.0, 3, 0.09252058745303615)]
    [InlineData(0.1, 1.0, 10, 2.519972266504158)]
    [InlineData(0.1, 1.0, 32, 13.645497554992305)]
    [InlineData(0.1, 1.0, 63, 29.171456230998952)]
    [InlineData(0.01, 4.0, 2, 2.5797450810048204e-05)]
    [InlineData(0.01, 4.0, 3, 3.876146925815477e-05)]
    [InlineData(0.01, 4.0, 8, 0.00010422071096167648)]
    [InlineData(0.01, 4.0, 32, 0.0004319038556391089)]
    [InlineData(0.01, 4.0, 128, 0.0018449725822944564)]
    [InlineData(0.3, 0.8, 1.5, 0.6198945201596782)]
    [InlineData(0.3, 0.8, 5, 2.583043739721936)]
    [InlineData(0.3, 0.8, 20, 14.394141636528934)]
    [InlineData(0.3, 0.8, 63, 48.00653807271009)]
    [InlineData(0.05, 2.0, 2.5, 0.003848243239134727)]
    [InlineData(0.05, 2.0, 4, 0.005934374607710641)]
    [InlineData(0.05, 2.0, 12, 0.020221452953720725)]
    [InlineData(0.05, 2.0, 40, 1.9464299860259762)]
    [InlineData(0.05, 2.0, 256, 28.995237980983287)]
    [InlineData(0.01, 4.0, 256, 3.3795005747214635)]
    [InlineData(0.01, 4.0, 512, 11.38717419169344)]   // above 256: the forward differences are not used
    [InlineData(0.2, 10.0, 64, 0.03551198955253044)]  // large σ: the forward differences cancel the most
    [InlineData(0.2, 10.0, 200, 0.06966323736065509)]
    public void Rdp_matches_the_high_precision_evaluation_of_the_theorem(double q, double sigma, double order, double expected)
    {
        double actual = WithoutReplacementGaussianRdp.Compute(q, sigma, order);
        // Never below the exact value beyond rounding (that would under-report ε); above it by at most the relative 1e-9
        // the forward differences are raised by (2.5e-10 measured at σ = 10, where the binomial sums cancel the most).
        Assert.InRange((actual - expected) / expected, -1e-12, 1e-9);
    }

    [Fact]
    public void Thirty_steps_at_q_0_1_and_sigma_1_give_the_reference_epsilon()
    {
        var ledger = new PrivacyLedger([new SampledWithoutReplacementGaussianEvent(0.1, 1.0, 30)]);

        var guarantee = new RdpAccountant().GetGuarantee(ledger, 1e-5);

        // The same orders and conversion over the decimal evaluation give 7.57497625943629.
        Assert.Equal(7.57497625943629, guarantee.Epsilon, 1e-8);
    }

    [Fact]
    public void Edge_cases_are_exact_and_bad_arguments_are_refused()
    {
        Assert.Equal(0, WithoutReplacementGaussianRdp.Compute(0, 1, 8));
        Assert.Equal(8 / 2.0, WithoutReplacementGaussianRdp.Compute(1, 1, 8));
        Assert.Equal(double.PositiveInfinity, WithoutReplacementGaussianRdp.Compute(0.1, 0, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => WithoutReplacementGaussianRdp.Compute(1.5, 1, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => WithoutReplacementGaussianRdp.Compute(0.1, -1, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => WithoutReplacementGaussianRdp.Compute(0.1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampledWithoutReplacementGaussianEvent(0.1, 1, 0));
    }

    [Fact]
    public void The_bound_grows_with_the_sampling_rate_and_the_order_and_never_exceeds_the_unsampled_gaussian()
    {
        foreach (double sigma in new[] { 0.7, 1.0, 3.0 })
        {
            double previousOrder = 0;
            foreach (double order in RdpOrders.Default)
            {
                double previousRate = 0;
                foreach (double q in new[] { 0.001, 0.01, 0.1, 0.5, 0.9 })
                {
                    double value = WithoutReplacementGaussianRdp.Compute(q, sigma, order);
                    Assert.True(value >= previousRate, $"not monotone in q at σ={sigma}, α={order}, q={q}");
                    previousRate = value;
                }

                double atTen = WithoutReplacementGaussianRdp.Compute(0.1, sigma, order);
                Assert.True(atTen >= previousOrder - 1e-15, $"not monotone in α at σ={sigma}, α={order}");
                previousOrder = atTen;
            }
        }
    }

    [Fact]
    public void The_event_round_trips_through_the_ledger_json_with_its_own_kind()
    {
        var ledger = new PrivacyLedger([new SampledWithoutReplacementGaussianEvent(0.25, 1.5, 3), new SubsampledGaussianEvent(0.25, 1.5, 3)]);

        var json = JsonSerializer.Serialize(ledger.Events);
        var back = JsonSerializer.Deserialize<PrivacyEvent[]>(json)!;

        Assert.Contains("\"kind\":\"sampled-wor-gaussian\"", json, StringComparison.Ordinal);
        Assert.Equal(ledger.Events, back);
    }
}
