using System.Collections.Immutable;
using OrleansFed.Interfaces.Pate;
using OrleansFed.Privacy.Accounting;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Grains.Pate;

/// <summary>
/// Zhao's local variant: every teacher perturbs its own one-hot vote (<see cref="LocalGeometricTeacher.Perturb"/>), so each
/// vote it sends is ε-DP on its own; the silo adds no noise and releases the plain argmax of the summed perturbed votes
/// (post-processing, ties broken uniformly). Each answered query costs every voting teacher one
/// <see cref="PureDpEvent"/>(ε) — T_n·ε over T_n answers.
/// </summary>
public sealed class LocalGeometricAggregator : IPateAggregator
{
    private readonly RandomSource _random;

    /// <summary>Creates the aggregator.</summary>
    /// <param name="epsilon">ε of one teacher's perturbed vote (at least 2^-19, finite).</param>
    /// <param name="random">The secure source for tie-breaking (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    public LocalGeometricAggregator(double epsilon, RandomSource? random = null)
    {
        LocalGeometricTeacher.CheckEpsilon(epsilon);
        Epsilon = epsilon;
        _random = random ?? new CryptoRandomSource();
    }

    /// <summary>ε per teacher answer.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public PateAggregatorKind Kind => PateAggregatorKind.LocalGeometric;

    /// <inheritdoc />
    public VoteEncoding Encoding => VoteEncoding.LocallyPerturbed;

    /// <inheritdoc />
    public bool CostDependsOnVotes => false;

    /// <inheritdoc />
    public ImmutableArray<PrivacyEvent> MaximalCost(ReadOnlySpan<double> counts)
    {
        NoisyArgMax.CheckCounts(counts);
        return [new PureDpEvent(Epsilon)];
    }

    /// <inheritdoc />
    public PateAnswer Answer(ReadOnlySpan<double> counts) => new(NoisyArgMax.Select(counts, _random), MaximalCost(counts));
}
