using Xunit;
using OrleansFed.Grains.DifferentialPrivacy;

namespace OrleansFed.Grains.Tests.DifferentialPrivacy;

public sealed class PrivacyModeSpecTests
{
    [Theory]
    [InlineData("dp-sgd:sigma=1.1", "dp-sgd:sigma=1.1,clip=1,delta=1E-05")]
    [InlineData("DP-SGD: sigma=0.8 , clip=2, delta=1e-6", "dp-sgd:sigma=0.8,clip=2,delta=1E-06")]
    [InlineData("dp-central:sigma=1,clip=0.5", "dp-central:sigma=1,clip=0.5,delta=1E-05")]
    [InlineData("dp-central:sigma=1,adaptive=true", "dp-central:sigma=1,clip=0.1,delta=1E-05,adaptive=true,quantile=0.5,clip-lr=0.2")]
    [InlineData("dp-central:sigma=1,adaptive=true,quantile=0.7,clip-lr=0.1,count-stddev=3,clip=2",
        "dp-central:sigma=1,clip=2,delta=1E-05,adaptive=true,quantile=0.7,clip-lr=0.1,count-stddev=3")]
    public void Specs_parse_to_their_canonical_form_and_the_canonical_form_round_trips(string spec, string canonical)
    {
        var parsed = PrivacyModeSpec.Parse(spec);

        Assert.Equal(canonical, parsed.ToString());
        Assert.Equal(parsed, PrivacyModeSpec.Parse(canonical));
    }

    [Fact]
    public void Adaptive_clipping_takes_Flowers_defaults()
    {
        var spec = PrivacyModeSpec.Parse("dp-central:sigma=1,adaptive=true");

        Assert.True(spec.Adaptive);
        Assert.Equal(0.1, spec.ClipNorm);
        Assert.Equal(0.5, spec.TargetQuantile);
        Assert.Equal(0.2, spec.ClipLearningRate);
        Assert.Null(spec.ClippedCountStddev);
        Assert.Equal(1e-5, spec.Delta);
    }

    [Theory]
    [InlineData("dp-sgd", "dp-sgd needs sigma=σ")]
    [InlineData("dp-sgd:clip=1", "dp-sgd needs sigma=σ")]
    [InlineData("dp-sgd:sigma=0", "sigma must be a positive number")]
    [InlineData("dp-sgd:sigma=-1", "sigma must be a positive number")]
    [InlineData("dp-sgd:sigma=NaN", "sigma must be a positive number")]
    [InlineData("dp-sgd:sigma=1,clip=0", "clip must be a positive number")]
    [InlineData("dp-sgd:sigma=1,delta=1", "delta must be in (0, 1)")]
    [InlineData("dp-sgd:sigma=1,delta=0", "delta must be in (0, 1)")]
    [InlineData("dp-sgd:sigma=1,adaptive=true", "unknown setting 'adaptive'")]
    [InlineData("dp-sgd:sigma=1,sigma=2", "setting 'sigma' is given twice")]
    [InlineData("dp-sgd:sigma", "setting 'sigma' must be key=value")]
    [InlineData("dp-central:sigma=1,quantile=0.5", "apply only with adaptive=true")]
    [InlineData("dp-central:sigma=1,adaptive=maybe", "adaptive must be true or false")]
    [InlineData("dp-central:sigma=1,adaptive=true,quantile=1.5", "quantile must be in [0, 1]")]
    [InlineData("secagg", "is not a differential-privacy mode")]
    public void Bad_specs_are_refused_with_the_reason(string spec, string fragment)
    {
        Assert.False(PrivacyModeSpec.TryParse(spec, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => PrivacyModeSpec.Parse(spec));
    }
}
