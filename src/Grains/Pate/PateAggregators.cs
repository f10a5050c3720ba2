using OrleansFed.Interfaces.Pate;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Grains.Pate;

/// <summary>Builds the aggregator a <see cref="PateAggregatorSpec"/> names.</summary>
public static class PateAggregators
{
    /// <summary>Creates the aggregator.</summary>
    /// <param name="spec">The mechanism and its parameters.</param>
    /// <param name="accounting">Which analysis central mechanisms record.</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    /// <returns>The aggregator.</returns>
    /// <exception cref="ArgumentException">Unknown kind or invalid parameters.</exception>
    public static IPateAggregator Create(PateAggregatorSpec spec, PateAccounting accounting, RandomSource? random = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!Enum.IsDefined(accounting))
        {
            throw new ArgumentOutOfRangeException(nameof(accounting), accounting, "Unknown accounting.");
        }

        return spec.Kind switch
        {
            PateAggregatorKind.LnMax => new LnMaxAggregator(spec.Gamma, accounting, random),
            PateAggregatorKind.GnMax => new GnMaxAggregator(spec.Sigma, accounting, random),
            PateAggregatorKind.ConfidentGnMax =>
                new ConfidentGnMaxAggregator(spec.Threshold, spec.ThresholdSigma, spec.Sigma, accounting, random),
            PateAggregatorKind.LocalGeometric => new LocalGeometricAggregator(spec.LocalEpsilon, random),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "Unknown PATE aggregator."),
        };
    }
}
