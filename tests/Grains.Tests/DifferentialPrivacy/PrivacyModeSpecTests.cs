using Xunit;
using OrleansFed.Grains.DifferentialPrivacy;

namespace OrleansFed.Grains.Tests.DifferentialPrivacy;

public sealed class PrivacyModeSpecTests
{
    [Theory]
    [InlineData("dp-sgd:sigma=1.1", "dp-sgd:sigma=1.1,clip=1,delta=1E-05")]
    [InlineData("DP-SGD: sigma=0.8 , clip=2, delta=1e-6", "dp-sgd:sigma=0.8,clip=2,delta=1E-06")]
    [InlineData("dp-central:sigma=1,clip=0.5", "dp-central:sigma=1,clip=0.5,delta=1E-05,sampling=poisson")]
    [InlineData("dp-central:sigma=1,sampling=FIXED", "dp-central:sigma=1,clip=1,delta=1E-05,sampling=fixed")]
    [InlineData("dp-central:sigma=1,adaptive=true", "dp-central:sigma=1,clip=0.1,delta=1E-05,sampling=poisson,adaptive=true,quantile=0.5,clip-lr=0.2")]
    [InlineData("dp-central:sigma=1,adaptive=true,quantile=0.7,clip-lr=0.1,count-stddev=3,clip=2",
        "dp-central:sigma=1,clip=2,delta=1E-05,sampling=poisson,adaptive=true,quantile=0.7,clip-lr=0.1,count-stddev=3")]
    [InlineData("dp-distributed:noise=1,clip=1", "dp-distributed:sigma=1,clip=1,delta=1E-05,degree=0,bits=32,step=10")]
    [InlineData("dp-distributed:sigma=0.5", "dp-distributed:sigma=0.5,clip=1,delta=1E-05,degree=0,bits=32,step=10")]
    [InlineData("dp-distributed: noise=2, clip=0.5, degree=10, threshold=6, bits=24, step=30, delta=1e-6",
        "dp-distributed:sigma=2,clip=0.5,delta=1E-06,degree=10,threshold=6,bits=24,step=30")]
    public void Specs_parse_to_their_canonical_form_and_the_canonical_form_round_trips(string spec, string canonical)
    {
        var parsed = PrivacyModeSpec.Parse(spec);

        Assert.Equal(canonical, parsed.ToString());
        Assert.Equal(parsed, PrivacyModeSpec.Parse(canonical));
    }

    [Fact]
    public void Dp_distributed_carries_its_secure_aggregation_as_a_secagg_spec_with_c_as_clip()
    {
        var spec = PrivacyModeSpec.Parse("dp-distributed:noise=1.5,clip=0.25,degree=8,threshold=5");

        Assert.Equal(1.5, spec.NoiseMultiplier);
        Assert.Equal(0.25, spec.ClipNorm);
        Assert.Equal("secagg:degree=8,threshold=5,clip=0.25,bits=32,step=10", spec.Transport!.ToString());
        Assert.Null(PrivacyModeSpec.Parse("dp-central:sigma=1").Transport);
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

    [Fact]
    public void Only_dp_central_samples_by_poisson_sampling_and_it_does_so_by_default()
    {
        Assert.True(PrivacyModeSpec.Parse("dp-central:sigma=1").Poisson);
        Assert.False(PrivacyModeSpec.Parse("dp-central:sigma=1,sampling=fixed").Poisson);
        Assert.False(PrivacyModeSpec.Parse("dp-sgd:sigma=1").Poisson);
        Assert.False(PrivacyModeSpec.Parse("dp-distributed:noise=1").Poisson);
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
    [InlineData("dp-central:sigma=1,sampling=shuffle", "sampling must be poisson or fixed; got 'shuffle'")]
    [InlineData("dp-sgd:sigma=1,sampling=poisson", "unknown setting 'sampling'")]
    [InlineData("dp-distributed:noise=1,sampling=poisson", "unknown setting 'sampling'")]
    [InlineData("secagg", "is not a differential-privacy mode")]
    [InlineData("dp-distributed", "dp-distributed needs sigma=σ")]
    [InlineData("dp-distributed:noise=1,sigma=1", "noise and sigma are the same setting")]
    [InlineData("dp-distributed:noise=1,adaptive=true", "unknown setting 'adaptive'")]
    [InlineData("dp-distributed:noise=1,colour=blue", "unknown setting 'colour'")]
    [InlineData("dp-distributed:noise=1,degree=3", "secagg degree must be 0 (complete graph) or an even number")]
    [InlineData("dp-distributed:noise=1,bits=40", "secagg bits must be between 16 and 32")]
    [InlineData("dp-distributed:noise=1,degree=4,threshold=2", "secagg threshold must be above degree/2")]
    [InlineData("dp-distributed:noise=1,step=x", "is unknown or not a number")]
    [InlineData("dp-distributed:noise=-1", "sigma must be a positive number")]
    public void Bad_specs_are_refused_with_the_reason(string spec, string fragment)
    {
        Assert.False(PrivacyModeSpec.TryParse(spec, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => PrivacyModeSpec.Parse(spec));
    }
}
