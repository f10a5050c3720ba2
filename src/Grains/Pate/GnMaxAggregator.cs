using System.Collections.Immutable;
using OrleansFed.Interfaces.Pate;
using OrleansFed.Privacy.Accounting;
using OrleansFed.Privacy.Mechanisms;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Grains.Pate;

/// <summary>
/// GNMax (Papernot et al. 2018): the argmax of counts + N(0, σ²) per class, drawn with the exact discrete Gaussian of
/// <see cref="GaussianMechanism"/> on a power-of-two grid (integer votes shift the noise by whole grid steps, so the
/// continuous Gaussian's RDP bound holds). Recorded as a <see cref="GnMaxEvent"/> with ln q from
/// <see cref="GnMaxAnalysis.LogQ"/> unless the accounting is data-independent.
/// </summary>
public sealed class GnMaxAggregator : IPateAggregator
{
    private const double Grid = 1.0 / (1 << 16);

    private readonly GaussianMechanism _gaussian;
    private readonly RandomSource _random;
    private readonly PateAccounting _accounting;

    /// <summary>Creates the aggregator.</summary>
    /// <param name="sigma">σ (positive, finite).</param>
    /// <param name="accounting">Which analysis to record.</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    public GnMaxAggregator(double sigma, PateAccounting accounting = PateAccounting.DataDependent, RandomSource? random = null)
    {
        if (!(sigma > 0) || !double.IsFinite(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), "σ must be positive and finite.");
        }

        Sigma = sigma;
        _accounting = accounting;
        _random = random ?? new CryptoRandomSource();
        _gaussian = new GaussianMechanism(1.0, sigma, _random, Grid);
    }

    /// <summary>σ.</summary>
    public double Sigma { get; }

    /// <inheritdoc />
    public PateAggregatorKind Kind => PateAggregatorKind.GnMax;

    /// <inheritdoc />
    public VoteEncoding Encoding => VoteEncoding.OneHot;

    /// <inheritdoc />
    public bool CostDependsOnVotes => _accounting == PateAccounting.DataDependent;

    /// <inheritdoc />
    public ImmutableArray<PrivacyEvent> MaximalCost(ReadOnlySpan<double> counts)
    {
        NoisyArgMax.CheckCounts(counts);
        return [Event(counts)];
    }

    /// <inheritdoc />
    public PateAnswer Answer(ReadOnlySpan<double> counts) => new(NoisyLabel(counts), MaximalCost(counts));

    /// <summary>The GNMax event of one answer on <paramref name="counts"/>.</summary>
    internal GnMaxEvent Event(ReadOnlySpan<double> counts) =>
        new(Sigma, CostDependsOnVotes ? NoisyArgMax.FiniteLog(GnMaxAnalysis.LogQ(counts, Sigma)) : null);

    /// <summary>The argmax of counts + N(0, σ²).</summary>
    internal int NoisyLabel(ReadOnlySpan<double> counts)
    {
        var noisy = new double[counts.Length];
        _gaussian.Release(counts, noisy);
        return NoisyArgMax.Select(noisy, _random);
    }
}
