using Xunit;
using OrleansFed.Grains.SecAgg;

namespace OrleansFed.Grains.Tests;

public sealed class SecAggSpecTests
{
    [Fact]
    public void Plain_secagg_takes_the_documented_defaults_and_prints_canonically()
    {
        var spec = SecAggSpec.Parse("secagg");
        Assert.Equal(new SecAggSpec(0, null, 1.0, 32, 10), spec);
        Assert.Equal("secagg:degree=0,clip=1,bits=32,step=10", spec.ToString());
        Assert.Equal(spec, SecAggSpec.Parse(spec.ToString()));
    }

    [Fact]
    public void Settings_parse_in_any_order_and_case()
    {
        var spec = SecAggSpec.Parse("SecAgg: step=3, Bits=20 ,threshold=5,clip=0.25,degree=8");
        Assert.Equal(new SecAggSpec(8, 5, 0.25, 20, 3), spec);
        Assert.Equal("secagg:degree=8,threshold=5,clip=0.25,bits=20,step=3", spec.ToString());
    }

    [Theory]
    [InlineData(0, 10, 5)]  // complete graph over 10: k = 9, t = 5
    [InlineData(0, 3, 2)]
    [InlineData(14, 100, 8)]
    [InlineData(14, 10, 5)] // degree ≥ n − 1 falls back to the complete graph
    public void The_default_threshold_is_just_above_half_the_effective_degree(int degree, int selected, int threshold) =>
        Assert.Equal(threshold, new SecAggSpec(degree, null, 1, 32, 10).ThresholdFor(selected));

    [Theory]
    [InlineData("secagg:degree=5")]
    [InlineData("secagg:degree=-2")]
    [InlineData("secagg:threshold=1")]
    [InlineData("secagg:degree=6,threshold=3")]
    [InlineData("secagg:degree=6,threshold=7")]
    [InlineData("secagg:clip=-1")]
    [InlineData("secagg:clip=NaN")]
    [InlineData("secagg:bits=8")]
    [InlineData("secagg:step=0")]
    [InlineData("secagg:speed=fast")]
    [InlineData("secagg:degree")]
    [InlineData("paillier")]
    public void Invalid_specs_are_refused_with_a_reason(string text)
    {
        Assert.False(SecAggSpec.TryParse(text, out var spec, out var error));
        Assert.Null(spec);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
