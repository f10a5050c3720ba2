using System.Numerics;
using OrleansFed.Privacy.Accounting;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.Mechanisms;

/// <summary>
/// The Laplace mechanism made exact: the input is rounded to a power-of-two grid Λ and exact discrete Laplace noise is
/// added in grid units, with scale Δ′/ε′ where Δ′ = ⌊Δ/Λ⌋ + d accounts for the rounding of d coordinates and
/// ε′ ≤ ε is ε rounded down to a multiple of 2^-20. The release is exactly ε-DP for L1 sensitivity Δ — no continuous
/// sampler, so no floating-point leak (Mironov 2012).
/// </summary>
public sealed class LaplaceMechanism
{
    private readonly ExactSampler _sampler;
    private readonly Rational _epsilon;

    /// <summary>Creates the mechanism.</summary>
    /// <param name="sensitivity">Δ, the L1 sensitivity of the released value(s).</param>
    /// <param name="epsilon">ε &gt; 0 of one release.</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    /// <param name="granularity">Λ, a power of two; by default 2^-20 of the smaller of Δ and Δ/ε.</param>
    public LaplaceMechanism(double sensitivity, double epsilon, RandomSource? random = null, double? granularity = null)
    {
        if (!(sensitivity > 0) || !double.IsFinite(sensitivity))
        {
            throw new ArgumentOutOfRangeException(nameof(sensitivity), "The sensitivity must be positive and finite.");
        }

        if (!(epsilon >= 1.0 / (1 << 20)) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), "ε must be finite and at least 2^-20.");
        }

        Sensitivity = sensitivity;
        Epsilon = epsilon;
        _epsilon = Rational.FromDouble(epsilon, 20, roundUp: false);
        Granularity = Mechanisms.Granularity.Choose(sensitivity, sensitivity / epsilon, granularity);
        _sampler = new ExactSampler(random ?? new CryptoRandomSource());
    }

    /// <summary>Δ.</summary>
    public double Sensitivity { get; }

    /// <summary>ε of one release.</summary>
    public double Epsilon { get; }

    /// <summary>Λ: every output is a multiple of it.</summary>
    public double Granularity { get; }

    /// <summary>Releases one value with ε-DP.</summary>
    /// <param name="value">The true value f(D).</param>
    public double Release(double value)
    {
        Span<double> one = [value];
        Release(one, one);
        return one[0];
    }

    /// <summary>Releases a vector whose L1 sensitivity is Δ, adding independent noise per coordinate.</summary>
    /// <param name="values">The true values.</param>
    /// <param name="destination">Receives the noisy values (may alias <paramref name="values"/>).</param>
    public void Release(ReadOnlySpan<double> values, Span<double> destination)
    {
        if (values.Length != destination.Length)
        {
            throw new ArgumentException("Source and destination must have the same length.", nameof(destination));
        }

        // Rounding each coordinate to the grid moves it by at most half a unit, so L1 distances grow by at most d units.
        BigInteger gridSensitivity = new BigInteger(Math.Floor(Sensitivity / Granularity)) + values.Length;
        // Noise scale Δ′/ε′ = (Δ′·den(ε′))/num(ε′) as the t/s of the discrete Laplace.
        BigInteger t = gridSensitivity * _epsilon.Denominator;
        BigInteger s = _epsilon.Numerator;
        var units = new long[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            units[i] = Mechanisms.Granularity.ToGrid(values[i], Granularity, i);
        }

        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = (double)(units[i] + _sampler.DiscreteLaplace(s, t)) * Granularity;
        }
    }

    /// <summary>The ledger event of one release.</summary>
    public PureDpEvent Event => new(Epsilon);
}
