using OrleansFed.Privacy.Accounting;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.Mechanisms;

/// <summary>
/// k-ary randomized response (Warner 1965; generalised): report the true category with probability
/// e^ε′/(e^ε′ + k − 1), each other category with probability 1/(e^ε′ + k − 1); ε-local DP. Sampled exactly by
/// proposing a uniform category and accepting a wrong one with probability e^-ε′ (ε′ = ε rounded down to 2^-20).
/// </summary>
public sealed class RandomizedResponse
{
    private readonly ExactSampler _sampler;
    private readonly RandomSource _random;
    private readonly Rational _epsilon;

    /// <summary>Creates the mechanism.</summary>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="categories">k ≥ 2.</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    public RandomizedResponse(double epsilon, int categories, RandomSource? random = null)
    {
        if (!(epsilon >= 1.0 / (1 << 20)) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), "ε must be finite and at least 2^-20.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(categories, 2);
        Epsilon = epsilon;
        Categories = categories;
        _epsilon = Rational.FromDouble(epsilon, 20, roundUp: false);
        _random = random ?? new CryptoRandomSource();
        _sampler = new ExactSampler(_random);
    }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>The ε′ actually used (≤ ε).</summary>
    public double EffectiveEpsilon => _epsilon.ToDouble();

    /// <summary>k.</summary>
    public int Categories { get; }

    /// <summary>The probability of reporting the true category.</summary>
    public double TruthProbability => Math.Exp(EffectiveEpsilon) / (Math.Exp(EffectiveEpsilon) + Categories - 1);

    /// <summary>Reports a randomized category for <paramref name="value"/>.</summary>
    /// <param name="value">The true category in [0, k).</param>
    public int Respond(int value)
    {
        if (value < 0 || value >= Categories)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"The category must lie in [0, {Categories}).");
        }

        while (true)
        {
            int candidate = (int)_random.NextUInt64((ulong)Categories);
            if (candidate == value || _sampler.BernoulliExpMinus(_epsilon))
            {
                return candidate;
            }
        }
    }

    /// <summary>Unbiased estimates of the true category frequencies from the reported counts.</summary>
    /// <param name="reportedCounts">How many reports named each category.</param>
    /// <param name="destination">Receives the estimated frequency of each category (may fall outside [0, 1]).</param>
    public void EstimateFrequencies(ReadOnlySpan<long> reportedCounts, Span<double> destination)
    {
        if (reportedCounts.Length != Categories || destination.Length != Categories)
        {
            throw new ArgumentException("Counts and destination must have one entry per category.", nameof(reportedCounts));
        }

        double total = 0;
        foreach (long c in reportedCounts)
        {
            total += c;
        }

        double p = TruthProbability;
        double q = (1 - p) / (Categories - 1);
        for (int j = 0; j < Categories; j++)
        {
            destination[j] = (reportedCounts[j] / total - q) / (p - q);
        }
    }

    /// <summary>The ledger event of one response.</summary>
    public PureDpEvent Event => new(Epsilon);
}
