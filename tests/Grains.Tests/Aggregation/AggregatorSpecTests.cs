using OrleansFed.Grains.Aggregation;
using Xunit;

namespace OrleansFed.Grains.Tests.Aggregation;

public sealed class AggregatorSpecTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("fedavg")]
    [InlineData("FedAvg")]
    public void Absent_blank_or_fedavg_is_the_default_rule(string? text)
    {
        var spec = AggregatorSpec.Parse(text);
        Assert.Equal(AggregatorSpec.FedAvg, spec.Rule);
        Assert.Equal("fedavg", spec.ToString());
        Assert.Equal(1, spec.MinimumUpdates);
    }

    [Fact]
    public void Every_rule_parses_with_its_documented_defaults()
    {
        Assert.Equal(0.01, AggregatorSpec.Parse("fedprox").Mu);
        Assert.Equal(0.05, AggregatorSpec.Parse("fedprox:0.05").Mu);
        Assert.Equal(0.5, AggregatorSpec.Parse("fedprox:mu=0.5").Mu);

        var adam = AggregatorSpec.Parse("fedadam");
        Assert.Equal((0.1, 0.9, 0.99, 1e-3), (adam.Eta, adam.Beta1, adam.Beta2, adam.Tau));
        var yogi = AggregatorSpec.Parse("fedyogi:eta=0.02,tau=1e-9");
        Assert.Equal((0.02, 0.9, 0.99, 1e-9), (yogi.Eta, yogi.Beta1, yogi.Beta2, yogi.Tau));

        Assert.Equal(0.2, AggregatorSpec.Parse("trimmed-mean").TrimBeta);
        Assert.Equal(0.1, AggregatorSpec.Parse("trimmed-mean:0.1").TrimBeta);

        var krum = AggregatorSpec.Parse("multi-krum:f=2,m=5");
        Assert.Equal((2, (int?)5), (krum.ByzantineCount, krum.SelectCount));
        Assert.Equal(7, krum.MinimumUpdates); // n > 2f + 2 = 6 and n >= m + f = 7
        Assert.Equal(9, AggregatorSpec.Parse("multi-krum:f=3").MinimumUpdates);
        Assert.Equal(10, AggregatorSpec.Parse("multi-krum:f=1,m=9").MinimumUpdates);

        Assert.Equal(5.0, AggregatorSpec.Parse("norm-bound:5.0").Bound);
        Assert.Equal(AggregatorSpec.Median, AggregatorSpec.Parse(" MEDIAN ").Rule);
    }

    [Theory]
    [InlineData("fedprox:0.05", "fedprox:mu=0.05")]
    [InlineData("trimmed-mean:0.2", "trimmed-mean:beta=0.2")]
    [InlineData("multi-krum:m=5,f=2", "multi-krum:f=2,m=5")]
    [InlineData("multi-krum:f=1", "multi-krum:f=1")]
    [InlineData("norm-bound:5.0", "norm-bound:bound=5")]
    [InlineData("fedadam", "fedadam:eta=0.1,beta1=0.9,beta2=0.99,tau=0.001")]
    [InlineData("median", "median")]
    public void Canonical_form_round_trips(string text, string canonical)
    {
        var spec = AggregatorSpec.Parse(text);
        Assert.Equal(canonical, spec.ToString());
        Assert.Equal(spec, AggregatorSpec.Parse(spec.ToString()));
    }

    [Theory]
    [InlineData("krum", "Unknown aggregator 'krum'")]
    [InlineData("fedavg:1", "takes no positional value")]
    [InlineData("median:3", "takes no positional value")]
    [InlineData("trimmed-mean:0.5", "beta must be in [0, 0.5)")]
    [InlineData("trimmed-mean:-0.1", "beta must be in [0, 0.5)")]
    [InlineData("fedprox:mu=abc", "mu must be a finite number")]
    [InlineData("fedprox:NaN", "mu must be a finite number")]
    [InlineData("fedprox:-1", "mu must be at least 0")]
    [InlineData("multi-krum:f=-1", "f must be an integer")]
    [InlineData("multi-krum:m=0", "m must be an integer")]
    [InlineData("multi-krum:f=1,f=2", "'f' is given twice")]
    [InlineData("multi-krum:f", "takes no positional value ('f')")]
    [InlineData("multi-krum:f=1,m", "expected name=value")]
    [InlineData("norm-bound", "needs bound")]
    [InlineData("norm-bound:0", "bound must be greater than 0")]
    [InlineData("fedadam:gamma=1", "no parameter named 'gamma'")]
    [InlineData("fedadam:beta1=1", "beta1 must be in [0, 1)")]
    [InlineData("fedyogi:tau=0", "tau must be greater than 0")]
    [InlineData("fedprox:", "nothing after ':'")]
    public void Invalid_specs_fail_with_a_message_naming_the_problem(string text, string fragment)
    {
        var error = Assert.Throws<FormatException>(() => AggregatorSpec.Parse(text));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.False(AggregatorSpec.TryParse(text, out var spec, out var message));
        Assert.Null(spec);
        Assert.Equal(error.Message, message);
    }
}
