using OrleansFed.Privacy.Accounting;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.Mechanisms;

/// <summary>
/// The range-restricted geometric mechanism of Ghosh, Roughgarden and Sundararajan (2009) for counts in [0, n]:
/// release clamp(x + Z, 0, n) with Pr[Z = z] ∝ α^|z|, α = e^-ε′ (ε′ = ε rounded down to a multiple of 2^-20), sampled
/// exactly. ε-DP for counts of sensitivity 1, and universally utility-maximising for count queries. Zhao's teacher noise
/// applies it to each coordinate of a teacher's vote vector (see <see cref="ReleaseVotes"/>).
/// </summary>
public sealed class TruncatedGeometricMechanism
{
    private readonly ExactSampler _sampler;
    private readonly Rational _epsilon;

    /// <summary>Creates the mechanism for counts in [0, <paramref name="maxValue"/>].</summary>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="maxValue">n ≥ 1.</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    public TruncatedGeometricMechanism(double epsilon, int maxValue, RandomSource? random = null)
    {
        if (!(epsilon >= 1.0 / (1 << 20)) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), "ε must be finite and at least 2^-20.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxValue, 1);
        Epsilon = epsilon;
        MaxValue = maxValue;
        _epsilon = Rational.FromDouble(epsilon, 20, roundUp: false);
        _sampler = new ExactSampler(random ?? new CryptoRandomSource());
    }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>The ε′ actually used (≤ ε).</summary>
    public double EffectiveEpsilon => _epsilon.ToDouble();

    /// <summary>n.</summary>
    public int MaxValue { get; }

    /// <summary>Releases a count in [0, n].</summary>
    /// <param name="count">x ∈ [0, n].</param>
    public int Release(int count)
    {
        if (count < 0 || count > MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"The count must lie in [0, {MaxValue}].");
        }

        // Two-sided geometric with α = e^-ε′ is the discrete Laplace of scale 1/ε′ = den/num.
        var noise = _sampler.DiscreteLaplace(_epsilon.Numerator, _epsilon.Denominator);
        var released = count + noise;
        return released < 0 ? 0 : released > MaxValue ? MaxValue : (int)released;
    }

    /// <summary>
    /// Perturbs a vote vector coordinate by coordinate, each coordinate in [0, n]. For one teacher's one-hot vote,
    /// relabelling changes two coordinates by 1: build the mechanism with ε/2 and n = 1 to make the vector ε-DP.
    /// </summary>
    /// <param name="votes">The vote counts.</param>
    /// <param name="destination">Receives the perturbed counts.</param>
    public void ReleaseVotes(ReadOnlySpan<int> votes, Span<int> destination)
    {
        if (votes.Length != destination.Length)
        {
            throw new ArgumentException("Source and destination must have the same length.", nameof(destination));
        }

        for (int i = 0; i < votes.Length; i++)
        {
            destination[i] = Release(votes[i]);
        }
    }

    /// <summary>Pr[output = <paramref name="output"/> | input = <paramref name="count"/>] under ε′.</summary>
    /// <param name="output">z ∈ [0, n].</param>
    /// <param name="count">x ∈ [0, n].</param>
    public double Probability(int output, int count)
    {
        double alpha = Math.Exp(-EffectiveEpsilon);
        if (output == 0)
        {
            return Math.Pow(alpha, count) / (1 + alpha);
        }

        if (output == MaxValue)
        {
            return Math.Pow(alpha, MaxValue - count) / (1 + alpha);
        }

        return (1 - alpha) / (1 + alpha) * Math.Pow(alpha, Math.Abs(output - count));
    }

    /// <summary>The ledger event of one release (of a count, or of a vote vector built as described above).</summary>
    public PureDpEvent Event => new(Epsilon);
}
