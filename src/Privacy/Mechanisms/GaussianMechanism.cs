using OrleansFed.Privacy.Accounting;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.Mechanisms;

/// <summary>
/// The Gaussian mechanism made exact: inputs are rounded to a power-of-two grid Λ and exact discrete Gaussian noise
/// N_Z(0, (σ/Λ)²) is added in grid units (Canonne, Kamath and Steinke 2020). For L2 sensitivity Δ, a release of d
/// coordinates is ½((Δ + Λ√d)/σ)²-zCDP — the continuous Gaussian's curve with Δ inflated by the rounding — and is
/// accounted as a <see cref="GaussianEvent"/> with noise multiplier σ/(Δ + Λ√d).
/// </summary>
public sealed class GaussianMechanism
{
    private readonly ExactSampler _sampler;
    private readonly Rational _gridVariance;

    /// <summary>Creates the mechanism.</summary>
    /// <param name="sensitivity">Δ, the L2 sensitivity.</param>
    /// <param name="sigma">σ, e.g. from <see cref="GaussianCalibration"/>.</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    /// <param name="granularity">Λ, a power of two; by default 2^-20 of the smaller of Δ and σ.</param>
    public GaussianMechanism(double sensitivity, double sigma, RandomSource? random = null, double? granularity = null)
    {
        if (!(sensitivity > 0) || !double.IsFinite(sensitivity))
        {
            throw new ArgumentOutOfRangeException(nameof(sensitivity), "The sensitivity must be positive and finite.");
        }

        if (!(sigma > 0) || !double.IsFinite(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), "σ must be positive and finite.");
        }

        Sensitivity = sensitivity;
        Sigma = sigma;
        Granularity = Mechanisms.Granularity.Choose(sensitivity, sigma, granularity);
        double gridSigma = sigma / Granularity;
        // Rounded up to a multiple of 2^-20: never less noise than asked for.
        _gridVariance = Rational.FromDouble(gridSigma * gridSigma, 20, roundUp: true);
        _sampler = new ExactSampler(random ?? new CryptoRandomSource());
    }

    /// <summary>Δ.</summary>
    public double Sensitivity { get; }

    /// <summary>σ.</summary>
    public double Sigma { get; }

    /// <summary>Λ: every output is a multiple of it.</summary>
    public double Granularity { get; }

    /// <summary>Releases one value.</summary>
    /// <param name="value">The true value.</param>
    public double Release(double value)
    {
        Span<double> one = [value];
        Release(one, one);
        return one[0];
    }

    /// <summary>Releases a vector of L2 sensitivity Δ with independent noise per coordinate.</summary>
    /// <param name="values">The true values.</param>
    /// <param name="destination">Receives the noisy values (may alias <paramref name="values"/>).</param>
    public void Release(ReadOnlySpan<double> values, Span<double> destination)
    {
        if (values.Length != destination.Length)
        {
            throw new ArgumentException("Source and destination must have the same length.", nameof(destination));
        }

        var units = new long[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            units[i] = Mechanisms.Granularity.ToGrid(values[i], Granularity, i);
        }

        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = (double)(units[i] + _sampler.DiscreteGaussian(_gridVariance)) * Granularity;
        }
    }

    /// <summary>The ledger event of one release of <paramref name="dimension"/> coordinates.</summary>
    /// <param name="dimension">d.</param>
    public GaussianEvent EventFor(int dimension = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        return new GaussianEvent(Sigma / (Sensitivity + Granularity * Math.Sqrt(dimension)));
    }
}
