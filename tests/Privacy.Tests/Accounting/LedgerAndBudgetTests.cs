using System.Text.Json;
using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Privacy.Tests.Accounting;

public sealed class LedgerAndBudgetTests
{
    [Fact]
    public void Ledger_round_trips_through_json_with_every_event_kind()
    {
        var ledger = PrivacyLedger.Empty
            .Append(new SubsampledGaussianEvent(0.01, 1.1, 500))
            .Append(new GaussianEvent(2.0, 3))
            .Append(new PureDpEvent(0.5, 2))
            .Append(new ApproximateDpEvent(0.3, 1e-6))
            .Append(new LaplaceNoisyMaxEvent(0.05, 0.01))
            .Append(new GnMaxEvent(40, -9.2))
            .Append(new ConfidentThresholdEvent(150));

        string json = ledger.ToJson();
        var back = PrivacyLedger.FromJson(json);

        Assert.Equal(ledger.Events, back.Events);
        Assert.Contains("\"kind\":\"subsampled-gaussian\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Ledger_json_with_an_invalid_event_is_rejected()
    {
        const string json = "{\"Events\":[{\"kind\":\"gaussian\",\"NoiseMultiplier\":-1,\"Count\":1}]}";
        Assert.ThrowsAny<ArgumentException>(() => PrivacyLedger.FromJson(json));
    }

    [Fact]
    public void Append_leaves_the_original_ledger_unchanged()
    {
        var empty = PrivacyLedger.Empty;
        var one = empty.Append(new PureDpEvent(1));
        Assert.Empty(empty.Events);
        Assert.Single(one.Events);
    }

    [Fact]
    public void Rdp_accountant_on_a_ledger_equals_the_direct_computation()
    {
        var ledger = PrivacyLedger.Empty.Append(new SubsampledGaussianEvent(150.0 / 60000, 1.3, 3000))
            .Append(new SubsampledGaussianEvent(150.0 / 60000, 1.3, 3000));
        var orders = RdpOrders.Default.ToArray();
        var rdp = new double[orders.Length];
        SubsampledGaussianRdp.Compute(150.0 / 60000, 1.3, 6000, orders, rdp);

        var viaLedger = new RdpAccountant().GetGuarantee(ledger, 1e-5);
        var direct = RdpToDp.Epsilon(orders, rdp, 1e-5);

        Assert.Equal(direct.Epsilon, viaLedger.Epsilon, 12);
        Assert.Equal(direct.Order, viaLedger.Order);
    }

    [Fact]
    public void Rdp_accountant_refuses_approximate_dp_events()
    {
        var ledger = PrivacyLedger.Empty.Append(new ApproximateDpEvent(1, 1e-6));
        Assert.Throws<NotSupportedException>(() => new RdpAccountant().GetGuarantee(ledger, 1e-5));
    }

    [Fact]
    public void Budget_refuses_the_charge_that_would_exceed_it_and_records_nothing()
    {
        var budget = new PrivacyBudget(1.0, 1e-5);
        var accountant = new CompositionAccountant();
        var ledger = budget.Charge(PrivacyLedger.Empty, new PureDpEvent(0.6), accountant);

        var ex = Assert.Throws<PrivacyBudgetExceededException>(() => budget.Charge(ledger, new PureDpEvent(0.6), accountant));

        Assert.Single(ledger.Events);
        Assert.Equal(1.2, ex.WouldSpendEpsilon, 12);
    }

    [Fact]
    public void Basic_composition_adds_epsilons_and_deltas()
    {
        var g = CompositionTheorems.Basic([(0.5, 1e-6), (0.25, 2e-6)]);
        Assert.Equal(0.75, g.Epsilon, 15);
        Assert.Equal(3e-6, g.Delta, 1e-18);
    }

    [Fact]
    public void Advanced_composition_matches_the_dwork_rothblum_vadhan_formula()
    {
        var g = CompositionTheorems.Advanced(0.1, 0, 100, 1e-5);
        double expected = 0.1 * Math.Sqrt(200 * Math.Log(1e5)) + 100 * 0.1 * (Math.Exp(0.1) - 1);
        Assert.Equal(expected, g.Epsilon, 12);
        Assert.Equal(1e-5, g.Delta, 1e-18);
    }

    [Fact]
    public void Composition_accountant_takes_advanced_composition_when_it_is_tighter()
    {
        var ledger = PrivacyLedger.Empty.Append(new PureDpEvent(0.01, 10_000));
        var g = new CompositionAccountant().GetGuarantee(ledger, 1e-5);
        Assert.Equal(CompositionTheorems.Advanced(0.01, 0, 10_000, 1e-5).Epsilon, g.Epsilon, 12);
        Assert.True(g.Epsilon < 100);
    }

    [Fact]
    public void Pure_dp_event_costs_at_most_its_epsilon_and_at_most_half_alpha_epsilon_squared()
    {
        Assert.Equal(0.5, RdpAccountant.EventRdp(new PureDpEvent(0.5), 100), 15);
        Assert.Equal(0.5 * 0.01 * 2, RdpAccountant.EventRdp(new PureDpEvent(0.1), 2), 15);
    }

    [Fact]
    public void Noise_multiplier_search_returns_the_smallest_sigma_meeting_the_target()
    {
        double q = 256.0 / 60000;
        long steps = (long)Math.Ceiling(10 * 60000 / 256.0);
        double sigma = NoiseMultiplierSearch.ForTargetEpsilon(1.0, 1e-5, q, steps);

        var accountant = new RdpAccountant();
        double At(double s) => accountant.GetGuarantee(PrivacyLedger.Empty.Append(new SubsampledGaussianEvent(q, s, steps)), 1e-5).Epsilon;
        Assert.True(At(sigma) <= 1.0);
        Assert.True(At(sigma * (1 - 1e-5)) > 1.0);
    }

    [Theory]
    [InlineData(-0.1, 1.0, 10L)]
    [InlineData(1.1, 1.0, 10L)]
    [InlineData(0.1, 0.0, 10L)]
    [InlineData(0.1, 1.0, 0L)]
    public void Subsampled_gaussian_event_rejects_invalid_parameters(double q, double sigma, long steps) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SubsampledGaussianEvent(q, sigma, steps));

    [Fact]
    public void Rdp_is_monotone_in_the_order_across_integer_and_fractional_orders()
    {
        double previous = 0;
        foreach (double order in RdpOrders.Default)
        {
            double rdp = SubsampledGaussianRdp.Compute(0.01, 1.1, order);
            Assert.True(rdp >= previous, $"RDP decreased at order {order}");
            previous = rdp;
        }
    }

    [Fact]
    public void Full_batch_rdp_is_the_gaussian_mechanism_curve()
    {
        Assert.Equal(3.5 / (2 * 1.5 * 1.5), SubsampledGaussianRdp.Compute(1.0, 1.5, 3.5), 15);
        Assert.Equal(0.0, SubsampledGaussianRdp.Compute(0.0, 1.5, 3.5));
        Assert.Equal(double.PositiveInfinity, SubsampledGaussianRdp.Compute(0.5, 0.0, 3.5));
    }

    [Fact]
    public void Ledger_serialises_with_system_text_json_directly()
    {
        var ledger = PrivacyLedger.Empty.Append(new PureDpEvent(0.25));
        var back = JsonSerializer.Deserialize<PrivacyLedger>(JsonSerializer.Serialize(ledger));
        Assert.Equal(ledger.Events, back!.Events);
    }
}
