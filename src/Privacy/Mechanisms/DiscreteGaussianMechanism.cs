using OrleansFed.Privacy.Accounting;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.Mechanisms;

/// <summary>
/// Exact discrete Gaussian noise N_Z(0, σ²) on integers (Canonne, Kamath and Steinke 2020), for noise added to
/// quantized vectors before secure aggregation: it wraps consistently in Z_(2^32). σ² is rounded up to a multiple of
/// 2^-20. Adding N_Z(0, σ²) to an integer query of L2 sensitivity Δ is ½(Δ/σ)²-zCDP.
/// </summary>
public sealed class DiscreteGaussianMechanism
{
    private readonly ExactSampler _sampler;
    private readonly Rational _variance;

    /// <summary>Creates the sampler.</summary>
    /// <param name="sigma">σ &gt; 0 in integer units.</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    public DiscreteGaussianMechanism(double sigma, RandomSource? random = null)
    {
        _variance = VarianceFor(sigma);
        Sigma = sigma;
        _sampler = new ExactSampler(random ?? new CryptoRandomSource());
    }

    /// <summary>The variance a sampler for <paramref name="sigma"/> uses (σ² rounded up to a multiple of 2^-20), without
    /// creating one.</summary>
    /// <param name="sigma">σ &gt; 0 in integer units.</param>
    public static double RoundedVariance(double sigma) => VarianceFor(sigma).ToDouble();

    /// <summary>σ.</summary>
    public double Sigma { get; }

    /// <summary>The exact variance parameter used, σ² rounded up to a multiple of 2^-20.</summary>
    public double SigmaSquared => _variance.ToDouble();

    /// <summary>One draw.</summary>
    public long Sample() => (long)_sampler.DiscreteGaussian(_variance);

    /// <summary>Adds independent noise to each integer.</summary>
    /// <param name="values">Updated in place.</param>
    public void AddNoise(Span<long> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] += Sample();
        }
    }

    /// <summary>Adds independent noise to each ring element of Z_(2^32) (negative noise wraps).</summary>
    /// <param name="values">Updated in place.</param>
    public void AddNoise(Span<uint> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = unchecked(values[i] + (uint)Sample());
        }
    }

    /// <summary>The ledger event of one release for an integer query of L2 sensitivity <paramref name="sensitivity"/>.</summary>
    /// <param name="sensitivity">Δ in integer units.</param>
    public GaussianEvent EventFor(double sensitivity)
    {
        if (!(sensitivity > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(sensitivity), "The sensitivity must be positive.");
        }

        return new GaussianEvent(Sigma / sensitivity);
    }

    private static Rational VarianceFor(double sigma)
    {
        if (!(sigma > 0) || !double.IsFinite(sigma) || sigma > 1e9)
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), "σ must be positive, finite and at most 1e9.");
        }

        return Rational.FromDouble(sigma * sigma, 20, roundUp: true);
    }
}
