using System.Numerics;
using OrleansFed.Privacy.Mechanisms;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.Tests.Support;

namespace OrleansFed.Privacy.Tests.Mechanisms;

// Every sampler is checked against its exact law at 10^5 draws (χ² or KS at the 0.1 % level, fixed seeds).
public sealed class SamplerLawTests
{
    private const int Draws = 100_000;

    private static (double[] Observed, double[] Expected) Histogram(Func<long> draw, long min, long max, Func<long, double> pmf)
    {
        int cells = (int)(max - min + 1);
        var observed = new double[cells + 2]; // plus the two tails
        var expected = new double[cells + 2];
        for (int i = 0; i < Draws; i++)
        {
            long z = draw();
            observed[z < min ? cells : z > max ? cells + 1 : (int)(z - min)]++;
        }

        double inside = 0;
        for (long z = min; z <= max; z++)
        {
            expected[z - min] = Draws * pmf(z);
            inside += pmf(z);
        }

        // Split the remaining mass between the tails by symmetry only when the law is symmetric about the window.
        double outside = Math.Max(0, 1 - inside);
        expected[cells] = Draws * outside / 2;
        expected[cells + 1] = Draws * outside / 2;
        return (observed, expected);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 7)]
    public void Discrete_laplace_matches_its_pmf(int s, int t)
    {
        var sampler = new ExactSampler(new AesCtrRandomSource(Statistics.Seed(31 + s)));
        double lambda = (double)s / t; // Pr[z] ∝ exp(−λ|z|)
        double normaliser = (1 - Math.Exp(-lambda)) / (1 + Math.Exp(-lambda));
        var (observed, expected) = Histogram(() => (long)sampler.DiscreteLaplace(s, t), -25, 25, z => normaliser * Math.Exp(-lambda * Math.Abs(z)));
        Statistics.AssertChiSquareFits(observed, expected);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(3.0)]
    public void Discrete_gaussian_matches_its_pmf(double sigma)
    {
        var mechanism = new DiscreteGaussianMechanism(sigma, new AesCtrRandomSource(Statistics.Seed(41)));
        double variance = mechanism.SigmaSquared;
        double normaliser = 0;
        for (int z = -200; z <= 200; z++)
        {
            normaliser += Math.Exp(-z * z / (2 * variance));
        }

        var (observed, expected) = Histogram(mechanism.Sample, -15, 15, z => Math.Exp(-z * z / (2 * variance)) / normaliser);
        Statistics.AssertChiSquareFits(observed, expected);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(2.5)]
    public void Bernoulli_of_exp_minus_gamma_has_the_exact_rate(double gamma)
    {
        var sampler = new ExactSampler(new AesCtrRandomSource(Statistics.Seed(51)));
        var rational = Rational.FromDouble(gamma, 20, roundUp: false);
        double p = Math.Exp(-rational.ToDouble());
        double hits = 0;
        for (int i = 0; i < Draws; i++)
        {
            hits += sampler.BernoulliExpMinus(rational) ? 1 : 0;
        }

        Statistics.AssertChiSquareFits([hits, Draws - hits], [Draws * p, Draws * (1 - p)]);
    }

    [Fact]
    public void Laplace_mechanism_on_a_coarse_grid_adds_exact_discrete_laplace_noise()
    {
        // Δ = 1, ε = 1, Λ = 1/4: the grid sensitivity is ⌊4⌋ + 1 = 5, so noise units are DLap with Pr[z] ∝ e^(−|z|/5).
        var mechanism = new LaplaceMechanism(1.0, 1.0, new AesCtrRandomSource(Statistics.Seed(61)), granularity: 0.25);
        double lambda = 1.0 / 5;
        double normaliser = (1 - Math.Exp(-lambda)) / (1 + Math.Exp(-lambda));
        var (observed, expected) = Histogram(
            () => (long)Math.Round((mechanism.Release(10.3) - 10.25) / 0.25), -40, 40, z => normaliser * Math.Exp(-lambda * Math.Abs(z)));
        Statistics.AssertChiSquareFits(observed, expected);
    }

    [Fact]
    public void Laplace_mechanism_on_the_default_grid_passes_ks_against_the_continuous_laplace()
    {
        var mechanism = new LaplaceMechanism(2.0, 0.5, new AesCtrRandomSource(Statistics.Seed(62)));
        double b = 2.0 / 0.5;
        var sample = new double[Draws];
        for (int i = 0; i < Draws; i++)
        {
            sample[i] = mechanism.Release(3.0) - 3.0;
        }

        Assert.All(sample.Take(100), x => Assert.Equal(0, Math.IEEERemainder(x, mechanism.Granularity)));
        Statistics.AssertKolmogorovSmirnovFits(sample, x => x < 0 ? 0.5 * Math.Exp(x / b) : 1 - 0.5 * Math.Exp(-x / b));
    }

    [Fact]
    public void Gaussian_mechanism_passes_ks_against_the_normal_law()
    {
        var mechanism = new GaussianMechanism(1.0, 2.5, new AesCtrRandomSource(Statistics.Seed(71)));
        var sample = new double[Draws];
        var values = new double[1000];
        var noisy = new double[1000];
        for (int block = 0; block < Draws / 1000; block++)
        {
            Array.Fill(values, -1.5);
            mechanism.Release(values, noisy);
            for (int i = 0; i < 1000; i++)
            {
                sample[block * 1000 + i] = noisy[i] + 1.5;
            }
        }

        Statistics.AssertKolmogorovSmirnovFits(sample, x => OrleansFed.Privacy.Numerics.SpecialFunctions.NormalCdf(x / 2.5));
    }

    [Fact]
    public void Truncated_geometric_matches_the_ghosh_roughgarden_sundararajan_law()
    {
        var mechanism = new TruncatedGeometricMechanism(0.5, 10, new AesCtrRandomSource(Statistics.Seed(81)));
        var observed = new double[11];
        for (int i = 0; i < Draws; i++)
        {
            observed[mechanism.Release(3)]++;
        }

        var expected = Enumerable.Range(0, 11).Select(z => Draws * mechanism.Probability(z, 3)).ToArray();
        Assert.Equal(1.0, expected.Sum() / Draws, 12);
        Statistics.AssertChiSquareFits(observed, expected);
    }

    [Fact]
    public void Randomized_response_matches_its_law()
    {
        var mechanism = new RandomizedResponse(1.0, 4, new AesCtrRandomSource(Statistics.Seed(91)));
        var observed = new double[4];
        for (int i = 0; i < Draws; i++)
        {
            observed[mechanism.Respond(2)]++;
        }

        double p = Math.E / (Math.E + 3);
        double q = (1 - p) / 3;
        Statistics.AssertChiSquareFits(observed, [Draws * q, Draws * q, Draws * p, Draws * q]);
    }

    [Fact]
    public void Exponential_mechanism_single_choice_matches_its_law()
    {
        var mechanism = new ExponentialMechanism(1.0, 1.0, new AesCtrRandomSource(Statistics.Seed(101)));
        double[] scores = [0.0, 1.0, 2.5, 3.0, -1.0];
        var law = new double[5];
        mechanism.Probabilities(scores, law);
        var observed = new double[5];
        for (int i = 0; i < Draws; i++)
        {
            observed[mechanism.Select(scores)]++;
        }

        Statistics.AssertChiSquareFits(observed, [.. law.Select(p => p * Draws)]);
    }

    [Fact]
    public void Exponential_top_k_by_successive_draws_and_by_gumbel_race_both_match_sampling_without_replacement()
    {
        var mechanism = new ExponentialMechanism(2.0, 1.0, new AesCtrRandomSource(Statistics.Seed(111)));
        double[] scores = [0.2, 1.0, 1.7, 0.9];
        var p = new double[4];
        mechanism.Probabilities(scores, p);
        var expected = new double[16];
        for (int a = 0; a < 4; a++)
        {
            for (int b = 0; b < 4; b++)
            {
                expected[a * 4 + b] = a == b ? 0 : Draws * p[a] * p[b] / (1 - p[a]);
            }
        }

        var exact = new double[16];
        var gumbel = new double[16];
        for (int i = 0; i < Draws; i++)
        {
            var e = mechanism.SelectTopK(scores, 2);
            exact[e[0] * 4 + e[1]]++;
            var g = mechanism.SelectTopKGumbel(scores, 2);
            gumbel[g[0] * 4 + g[1]]++;
        }

        var cells = Enumerable.Range(0, 16).Where(c => c / 4 != c % 4).ToArray();
        Statistics.AssertChiSquareFits([.. cells.Select(c => exact[c])], [.. cells.Select(c => expected[c])]);
        Statistics.AssertChiSquareFits([.. cells.Select(c => gumbel[c])], [.. cells.Select(c => expected[c])]);
    }

    [Fact]
    public void Integer_square_root_is_exact_around_perfect_squares()
    {
        Assert.Equal(new BigInteger(99), ExactSampler.IntegerSqrt(9999));
        Assert.Equal(new BigInteger(100), ExactSampler.IntegerSqrt(10000));
        Assert.Equal((BigInteger.One << 40) - 1, ExactSampler.IntegerSqrt((BigInteger.One << 80) - 1));
    }
}
