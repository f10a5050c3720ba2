using OrleansFed.Privacy.Accounting;
using OrleansFed.Privacy.Mechanisms;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.Tests.Support;

namespace OrleansFed.Privacy.Tests.Mechanisms;

public sealed class MechanismParameterTests
{
    // Reference σ from a 40-digit bisection of Balle and Wang's exact (ε, δ) curve with mpmath.
    [Theory]
    [InlineData(1.0, 1e-5, 3.7306316348159418)]
    [InlineData(0.5, 1e-6, 8.0576184807250443)]
    [InlineData(3.0, 1e-5, 1.3905934566745367)]
    [InlineData(0.1, 1e-3, 17.404396203031166)]
    [InlineData(8.0, 1e-10, 0.83398922953798899)]
    public void Analytic_gaussian_calibration_matches_the_exact_privacy_curve(double epsilon, double delta, double expected)
    {
        double sigma = GaussianCalibration.Analytic(epsilon, delta, 1.0);
        Assert.InRange(Math.Abs(sigma - expected) / expected, 0, 1e-7);
        Assert.InRange(Math.Abs(GaussianCalibration.Analytic(epsilon, delta, 3.0) - 3 * expected) / expected, 0, 3e-7);
    }

    [Theory]
    [InlineData(1e-5, 0.5, 10.597605053700948)]
    [InlineData(1e-6, 0.9, 5.8876691408338)]
    public void Classic_gaussian_calibration_is_the_dwork_roth_formula(double delta, double epsilon, double expected) =>
        Assert.InRange(Math.Abs(GaussianCalibration.Classic(epsilon, delta, 1.0) - Math.Sqrt(2 * Math.Log(1.25 / delta)) / epsilon), 0, 1e-12 * expected);

    [Fact]
    public void Classic_calibration_refuses_epsilon_of_one_or_more()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianCalibration.Classic(1.0, 1e-5, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianCalibration.Analytic(1.0, 0, 1.0));
    }

    [Fact]
    public void Analytic_calibration_never_needs_more_noise_than_the_classic_one()
    {
        foreach (double epsilon in new[] { 0.05, 0.2, 0.5, 0.9 })
        {
            Assert.True(GaussianCalibration.Analytic(epsilon, 1e-5, 1.0) < GaussianCalibration.Classic(epsilon, 1e-5, 1.0));
        }
    }

    [Fact]
    public void Mechanisms_reject_non_finite_inputs_and_invalid_parameters()
    {
        var random = new AesCtrRandomSource(Statistics.Seed(3));
        Assert.Throws<ArgumentException>(() => new LaplaceMechanism(1, 1, random).Release(double.NaN));
        Assert.Throws<ArgumentException>(() => new GaussianMechanism(1, 1, random).Release(double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LaplaceMechanism(0, 1, random));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LaplaceMechanism(1, 1, random, granularity: 0.3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TruncatedGeometricMechanism(1, 5, random).Release(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomizedResponse(1, 3, random).Respond(3));
        Assert.Throws<ArgumentException>(() => new ExponentialMechanism(1, 1, random).Select([1.0, double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialMechanism(1, 1, random).SelectTopK([1.0, 2.0], 3));
    }

    [Fact]
    public void Mechanisms_describe_their_ledger_events()
    {
        var random = new AesCtrRandomSource(Statistics.Seed(4));
        Assert.Equal(new PureDpEvent(0.5), new LaplaceMechanism(1, 0.5, random).Event);
        Assert.Equal(new PureDpEvent(0.25, 3), new ExponentialMechanism(0.25, 1, random).EventFor(3));
        var gaussian = new GaussianMechanism(1.0, 4.0, random);
        Assert.Equal(4.0 / (1.0 + gaussian.Granularity * 10), gaussian.EventFor(100).NoiseMultiplier, 15);
        Assert.Equal(2.0, new DiscreteGaussianMechanism(6.0, random).EventFor(3.0).NoiseMultiplier, 15);
    }

    [Fact]
    public void Discrete_gaussian_noise_wraps_consistently_in_the_32_bit_ring()
    {
        var mechanism = new DiscreteGaussianMechanism(2.0, new AesCtrRandomSource(Statistics.Seed(5)));
        var ring = new uint[10_000];
        var integers = new long[10_000];
        var copy = new AesCtrRandomSource(Statistics.Seed(5));
        var twin = new DiscreteGaussianMechanism(2.0, copy);
        mechanism.AddNoise(ring);
        twin.AddNoise(integers);
        for (int i = 0; i < ring.Length; i++)
        {
            Assert.Equal(unchecked((uint)integers[i]), ring[i]);
        }

        Assert.Contains(ring, v => v > uint.MaxValue / 2); // some noise was negative and wrapped
    }

    [Fact]
    public void Randomized_response_frequency_estimates_are_unbiased()
    {
        var mechanism = new RandomizedResponse(2.0, 3, new AesCtrRandomSource(Statistics.Seed(6)));
        var counts = new long[3];
        for (int i = 0; i < 60_000; i++)
        {
            counts[mechanism.Respond(i % 10 < 6 ? 0 : i % 10 < 9 ? 1 : 2)]++;
        }

        var estimate = new double[3];
        mechanism.EstimateFrequencies(counts, estimate);
        Assert.InRange(estimate[0], 0.58, 0.62);
        Assert.InRange(estimate[1], 0.28, 0.32);
        Assert.InRange(estimate[2], 0.08, 0.12);
    }

    [Fact]
    public void Vote_vectors_are_perturbed_coordinate_by_coordinate_within_range()
    {
        var mechanism = new TruncatedGeometricMechanism(0.5, 1, new AesCtrRandomSource(Statistics.Seed(7)));
        var noisy = new int[10];
        mechanism.ReleaseVotes([0, 0, 1, 0, 0, 0, 0, 0, 0, 0], noisy);
        Assert.All(noisy, v => Assert.InRange(v, 0, 1));
    }
}
