using System.Collections.Immutable;
using OrleansFed.Interfaces.Pate;
using OrleansFed.Privacy.Accounting;
using OrleansFed.Privacy.Mechanisms;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Grains.Pate;

/// <summary>
/// LNMax (Papernot et al. 2017): the argmax of counts + Lap(1/γ) per class, drawn with the exact
/// <see cref="LaplaceMechanism"/> (Δ = 1, ε = γ, so the scale is at least 1/γ). Each answer is 2γ-DP and is recorded as a
/// <see cref="LaplaceNoisyMaxEvent"/>, with the data-dependent q of <see cref="LnMaxAnalysis.Q"/> unless the accounting is
/// data-independent.
/// </summary>
public sealed class LnMaxAggregator : IPateAggregator
{
    /// <summary>Noise grid: votes are integers, so a fine power-of-two grid rounds nothing and adds ≈ d·2^-16 to the scale.</summary>
    private const double Grid = 1.0 / (1 << 16);

    private readonly LaplaceMechanism _laplace;
    private readonly RandomSource _random;
    private readonly PateAccounting _accounting;

    /// <summary>Creates the aggregator.</summary>
    /// <param name="gamma">γ, the inverse noise scale (positive, finite).</param>
    /// <param name="accounting">Which analysis to record.</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    public LnMaxAggregator(double gamma, PateAccounting accounting = PateAccounting.DataDependent, RandomSource? random = null)
    {
        if (!(gamma > 0) || !double.IsFinite(gamma))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), "γ must be positive and finite.");
        }

        Gamma = gamma;
        _accounting = accounting;
        _random = random ?? new CryptoRandomSource();
        _laplace = new LaplaceMechanism(1.0, gamma, _random, Grid);
    }

    /// <summary>γ.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public PateAggregatorKind Kind => PateAggregatorKind.LnMax;

    /// <inheritdoc />
    public VoteEncoding Encoding => VoteEncoding.OneHot;

    /// <inheritdoc />
    public bool CostDependsOnVotes => _accounting == PateAccounting.DataDependent;

    /// <inheritdoc />
    public ImmutableArray<PrivacyEvent> MaximalCost(ReadOnlySpan<double> counts)
    {
        NoisyArgMax.CheckCounts(counts);
        double? q = CostDependsOnVotes ? LnMaxAnalysis.Q(counts, Gamma) : null;
        return [new LaplaceNoisyMaxEvent(Gamma, q)];
    }

    /// <inheritdoc />
    public PateAnswer Answer(ReadOnlySpan<double> counts)
    {
        var events = MaximalCost(counts);
        var noisy = new double[counts.Length];
        _laplace.Release(counts, noisy);
        return new PateAnswer(NoisyArgMax.Select(noisy, _random), events);
    }
}
