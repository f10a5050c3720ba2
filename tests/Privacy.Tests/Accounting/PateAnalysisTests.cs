using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Privacy.Tests.Accounting;

// Reference values computed from the formulas of the pate_2018 analysis (core.py) and the 2017 analysis with
// 50-digit mpmath normal tails; see docs/privacy.md.
public sealed class PateAnalysisTests
{
    private static readonly double[] Votes = [250, 30, 10, 5, 3, 2, 0, 0, 0, 0];

    private static void AssertRelative(double expected, double actual, double tolerance = 1e-9) =>
        Assert.InRange(Math.Abs(actual - expected), 0, tolerance * Math.Abs(expected));

    [Theory]
    [InlineData(2, 3.299116078298244e-05)]
    [InlineData(5, 3.7545109581810105e-05)]
    [InlineData(10, 4.929423462323564e-05)]
    [InlineData(20, 0.00010676150420863423)]
    [InlineData(50, 0.0033121441576145754)]
    public void GnMax_data_dependent_rdp_matches_reference(double order, double expected)
    {
        double logQ = GnMaxAnalysis.LogQ(Votes, 40.0);
        AssertRelative(-9.203258326104647, logQ);
        AssertRelative(expected, GnMaxAnalysis.Rdp(logQ, 40.0, order), 1e-7);
    }

    [Fact]
    public void GnMax_falls_back_to_the_data_independent_bound_when_the_plurality_is_weak()
    {
        double logQ = GnMaxAnalysis.LogQ(Votes, 100.0);
        AssertRelative(-0.9658876601875477, logQ);
        foreach (double order in new[] { 2.0, 5.0, 10.0, 50.0 })
        {
            Assert.Equal(order / 1e4, GnMaxAnalysis.Rdp(logQ, 100.0, order), 15);
            Assert.Equal(order / 1e4, GnMaxAnalysis.DataIndependentRdp(100.0, order), 15);
        }
    }

    [Fact]
    public void GnMax_unanimous_votes_cost_far_less_than_the_data_independent_bound()
    {
        double logQ = GnMaxAnalysis.LogQ([300, 0, 0, 0, 0, 0, 0, 0, 0, 0], 40.0);
        AssertRelative(-14.485385344573737, logQ);
        AssertRelative(1.0932573177291256e-06, GnMaxAnalysis.Rdp(logQ, 40.0, 20), 1e-7);
    }

    [Theory]
    [InlineData(2, 3.0744909458358336e-14)]
    [InlineData(10, 1.3635524188641725e-13)]
    [InlineData(50, 1.6930789306075548e-07)]
    public void Confident_threshold_rdp_matches_reference_when_the_answer_is_near_certain(double order, double expected)
    {
        double logPr = GnMaxAnalysis.LogPrAnswered(100, 20, Votes);
        AssertRelative(-3.190891672910947e-14, logPr, 1e-6);
        // Values near 1e-14 come out of a cancellation between terms of order 1e-14 (in the reference as here),
        // so they agree to about 1e-16 absolutely, not relatively.
        Assert.InRange(Math.Abs(GnMaxAnalysis.ThresholdRdp(logPr, 20, order) - expected), 0, 1e-15 + 1e-6 * expected);
    }

    [Fact]
    public void Confident_threshold_uses_the_data_independent_bound_when_the_outcome_is_uncertain()
    {
        double logPr = GnMaxAnalysis.LogPrAnswered(200, 150, Votes);
        AssertRelative(-0.4611490909211131, logPr);
        Assert.Equal(10 / (2 * 150.0 * 150.0), GnMaxAnalysis.ThresholdRdp(logPr, 150, 10), 15);
    }

    [Fact]
    public void LnMax_data_dependent_moments_and_moments_accountant_match_reference()
    {
        double[] votes = [40, 5, 3, 2, 0, 0, 0, 0, 0, 0];
        double q = LnMaxAnalysis.Q(votes, 0.5);
        AssertRelative(2.671858891976614e-07, q);
        AssertRelative(9.182011057089822e-07, LnMaxAnalysis.LogMoment(q, 1.0, 1));
        AssertRelative(1.6156943592280252e-05, LnMaxAnalysis.LogMoment(q, 1.0, 4));
        AssertRelative(0.0007995558074403385, LnMaxAnalysis.LogMoment(q, 1.0, 8));

        var ledger = PrivacyLedger.Empty;
        for (int i = 0; i < 100; i++)
        {
            ledger = ledger.Append(new LaplaceNoisyMaxEvent(0.5, q));
        }

        var guarantee = new PateMomentsAccountant().GetGuarantee(ledger, 1e-5);
        AssertRelative(1.4491101307142829, guarantee.Epsilon);
    }

    [Fact]
    public void LnMax_data_independent_moments_are_the_minimum_of_the_two_classic_bounds()
    {
        Assert.Equal(Math.Min(2 * 0.05 * 0.05 * 3 * 4, 2 * 0.05 * 3), LnMaxAnalysis.DataIndependentLogMoment(0.05, 3), 15);
        var ledger = PrivacyLedger.Empty;
        for (int i = 0; i < 100; i++)
        {
            ledger = ledger.Append(new LaplaceNoisyMaxEvent(0.05));
        }

        AssertRelative(5.302585092994046, new PateMomentsAccountant().GetGuarantee(ledger, 1e-5).Epsilon);
    }

    [Fact]
    public void Moments_accountant_refuses_events_it_cannot_analyse()
    {
        var ledger = PrivacyLedger.Empty.Append(new GaussianEvent(1.0));
        Assert.Throws<NotSupportedException>(() => new PateMomentsAccountant().GetGuarantee(ledger, 1e-5));
    }

    [Fact]
    public void Rdp_accountant_composes_confident_gnmax_threshold_and_answer_events()
    {
        double logPr = GnMaxAnalysis.LogPrAnswered(100, 20, Votes);
        double logQ = GnMaxAnalysis.LogQ(Votes, 40.0);
        var ledger = PrivacyLedger.Empty
            .Append(new ConfidentThresholdEvent(20, logPr))
            .Append(new GnMaxEvent(40.0, logQ))
            .Append(new ConfidentThresholdEvent(20));
        var accountant = new RdpAccountant([2.0, 10.0]);

        double[] rdp = accountant.ComputeRdp(ledger);

        Assert.Equal(
            GnMaxAnalysis.ThresholdRdp(logPr, 20, 10) + GnMaxAnalysis.Rdp(logQ, 40, 10) + 10 / (2 * 20.0 * 20.0),
            rdp[1], 15);
    }
}
