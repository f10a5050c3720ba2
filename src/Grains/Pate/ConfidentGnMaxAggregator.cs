using System.Collections.Immutable;
using OrleansFed.Interfaces.Pate;
using OrleansFed.Privacy.Accounting;
using OrleansFed.Privacy.Mechanisms;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Grains.Pate;

/// <summary>
/// Confident-GNMax (Papernot et al. 2018): answer only when max count + N(0, σ₁²) ≥ T, and then release the GNMax label
/// with σ₂. Every query records a <see cref="ConfidentThresholdEvent"/> (with ln Pr[answered] from
/// <see cref="GnMaxAnalysis.LogPrAnswered"/> when data-dependent); answered queries also record a <see cref="GnMaxEvent"/>.
/// </summary>
public sealed class ConfidentGnMaxAggregator : IPateAggregator
{
    private const double Grid = 1.0 / (1 << 16);

    private readonly GaussianMechanism _thresholdNoise;
    private readonly GnMaxAggregator _gnMax;
    private readonly PateAccounting _accounting;

    /// <summary>Creates the aggregator.</summary>
    /// <param name="threshold">T (finite).</param>
    /// <param name="thresholdSigma">σ₁ (positive, finite).</param>
    /// <param name="sigma">σ₂ (positive, finite).</param>
    /// <param name="accounting">Which analysis to record.</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    public ConfidentGnMaxAggregator(double threshold, double thresholdSigma, double sigma,
        PateAccounting accounting = PateAccounting.DataDependent, RandomSource? random = null)
    {
        if (!double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), "T must be finite.");
        }

        if (!(thresholdSigma > 0) || !double.IsFinite(thresholdSigma))
        {
            throw new ArgumentOutOfRangeException(nameof(thresholdSigma), "σ₁ must be positive and finite.");
        }

        random ??= new CryptoRandomSource();
        Threshold = threshold;
        ThresholdSigma = thresholdSigma;
        _accounting = accounting;
        _gnMax = new GnMaxAggregator(sigma, accounting, random);
        _thresholdNoise = new GaussianMechanism(1.0, thresholdSigma, random, Grid);
    }

    /// <summary>T.</summary>
    public double Threshold { get; }

    /// <summary>σ₁.</summary>
    public double ThresholdSigma { get; }

    /// <summary>σ₂.</summary>
    public double Sigma => _gnMax.Sigma;

    /// <inheritdoc />
    public PateAggregatorKind Kind => PateAggregatorKind.ConfidentGnMax;

    /// <inheritdoc />
    public VoteEncoding Encoding => VoteEncoding.OneHot;

    /// <inheritdoc />
    public bool CostDependsOnVotes => _accounting == PateAccounting.DataDependent;

    /// <inheritdoc />
    public ImmutableArray<PrivacyEvent> MaximalCost(ReadOnlySpan<double> counts)
    {
        NoisyArgMax.CheckCounts(counts);
        return [ThresholdEvent(counts), _gnMax.Event(counts)];
    }

    /// <inheritdoc />
    public PateAnswer Answer(ReadOnlySpan<double> counts)
    {
        NoisyArgMax.CheckCounts(counts);
        var threshold = ThresholdEvent(counts);
        double max = 0;
        foreach (double c in counts)
        {
            max = Math.Max(max, c);
        }

        if (_thresholdNoise.Release(max) < Threshold)
        {
            return new PateAnswer(null, [threshold]);
        }

        return new PateAnswer(_gnMax.NoisyLabel(counts), [threshold, _gnMax.Event(counts)]);
    }

    private ConfidentThresholdEvent ThresholdEvent(ReadOnlySpan<double> counts) =>
        new(ThresholdSigma, CostDependsOnVotes ? NoisyArgMax.FiniteLog(GnMaxAnalysis.LogPrAnswered(Threshold, ThresholdSigma, counts)) : null);
}
