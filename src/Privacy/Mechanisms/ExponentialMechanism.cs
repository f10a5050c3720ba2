using OrleansFed.Privacy.Accounting;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.Mechanisms;

/// <summary>
/// The exponential mechanism (McSherry and Talwar 2007): selects candidate i with probability ∝ exp(ε·u_i/(2Δ)).
/// Exact: a uniform candidate is accepted with probability exp(−ε(u_max − u_i)/(2Δ)) computed as an exact Bernoulli
/// over rationals, so the law holds exactly (ε is rounded down to a multiple of 2^-20). Choosing K of M without
/// replacement follows the Gumbel-max equivalence (Durfee and Rogers 2019): adding Gumbel noise to ε·u/(2Δ) and taking
/// the top K has the same law as K successive exponential-mechanism draws; <see cref="SelectTopK"/> realises that law
/// exactly by the successive draws, <see cref="SelectTopKGumbel"/> by the one-shot Gumbel race.
/// </summary>
public sealed class ExponentialMechanism
{
    private readonly ExactSampler _sampler;
    private readonly RandomSource _random;
    private readonly Rational _epsilon;
    private readonly Rational _twiceSensitivity;

    /// <summary>Creates the mechanism.</summary>
    /// <param name="epsilon">ε of one selection.</param>
    /// <param name="sensitivity">Δ, the sensitivity of the utility scores.</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    public ExponentialMechanism(double epsilon, double sensitivity, RandomSource? random = null)
    {
        if (!(epsilon >= 1.0 / (1 << 20)) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), "ε must be finite and at least 2^-20.");
        }

        if (!(sensitivity > 0) || !double.IsFinite(sensitivity))
        {
            throw new ArgumentOutOfRangeException(nameof(sensitivity), "The sensitivity must be positive and finite.");
        }

        Epsilon = epsilon;
        Sensitivity = sensitivity;
        _epsilon = Rational.FromDouble(epsilon, 20, roundUp: false);
        _twiceSensitivity = Rational.Exact(2 * sensitivity);
        _random = random ?? new CryptoRandomSource();
        _sampler = new ExactSampler(_random);
    }

    /// <summary>ε of one selection.</summary>
    public double Epsilon { get; }

    /// <summary>Δ.</summary>
    public double Sensitivity { get; }

    /// <summary>The exact selection law: p_i ∝ exp(ε′·u_i/(2Δ)).</summary>
    /// <param name="scores">The utility u_i of each candidate.</param>
    /// <param name="destination">Receives p_i.</param>
    public void Probabilities(ReadOnlySpan<double> scores, Span<double> destination)
    {
        double max = Max(scores);
        double scale = _epsilon.ToDouble() / (2 * Sensitivity);
        double total = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            destination[i] = Math.Exp(-scale * (max - scores[i]));
            total += destination[i];
        }

        for (int i = 0; i < scores.Length; i++)
        {
            destination[i] /= total;
        }
    }

    /// <summary>Selects one candidate; ε-DP.</summary>
    /// <param name="scores">The utility u_i of each candidate (finite).</param>
    public int Select(ReadOnlySpan<double> scores)
    {
        var available = new bool[scores.Length];
        Array.Fill(available, true);
        return SelectAmong(scores, available, scores.Length);
    }

    /// <summary>Selects <paramref name="count"/> distinct candidates by successive exact draws (each ε-DP; Kε in total by basic composition).</summary>
    /// <param name="scores">The utilities.</param>
    /// <param name="count">K ≤ M.</param>
    /// <returns>The chosen indices in selection order.</returns>
    public int[] SelectTopK(ReadOnlySpan<double> scores, int count)
    {
        CheckCount(scores, count);
        var available = new bool[scores.Length];
        Array.Fill(available, true);
        var chosen = new int[count];
        for (int k = 0; k < count; k++)
        {
            chosen[k] = SelectAmong(scores, available, scores.Length - k);
            available[chosen[k]] = false;
        }

        return chosen;
    }

    /// <summary>
    /// Selects <paramref name="count"/> candidates in one shot: the top K of ε·u_i/(2Δ) + Gumbel noise, the Gumbel
    /// variates −ln(−ln U) drawn from 53-bit secure uniforms. Same law as <see cref="SelectTopK"/> up to floating-point
    /// rounding of the noise (relative 2^-50); prefer <see cref="SelectTopK"/> when exactness matters more than speed.
    /// </summary>
    /// <param name="scores">The utilities.</param>
    /// <param name="count">K ≤ M.</param>
    /// <returns>The chosen indices, best noisy score first.</returns>
    public int[] SelectTopKGumbel(ReadOnlySpan<double> scores, int count)
    {
        CheckCount(scores, count);
        double max = Max(scores);
        double scale = _epsilon.ToDouble() / (2 * Sensitivity);
        var noisy = new (double Value, int Index)[scores.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            noisy[i] = (-scale * (max - scores[i]) - Math.Log(-Math.Log(_random.NextOpenDouble())), i);
        }

        Array.Sort(noisy, (a, b) => b.Value.CompareTo(a.Value));
        var chosen = new int[count];
        for (int k = 0; k < count; k++)
        {
            chosen[k] = noisy[k].Index;
        }

        return chosen;
    }

    /// <summary>The ledger event of <paramref name="selections"/> selections.</summary>
    /// <param name="selections">How many candidates were selected.</param>
    public PureDpEvent EventFor(int selections = 1) => new(Epsilon, selections);

    private int SelectAmong(ReadOnlySpan<double> scores, bool[] available, int availableCount)
    {
        double max = double.NegativeInfinity;
        for (int i = 0; i < scores.Length; i++)
        {
            if (!double.IsFinite(scores[i]))
            {
                throw new ArgumentException($"The score at index {i} is not finite.", nameof(scores));
            }

            if (available[i])
            {
                max = Math.Max(max, scores[i]);
            }
        }

        var gammas = new Rational[scores.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            if (available[i])
            {
                gammas[i] = _epsilon * Rational.ExactDifference(max, scores[i]) / _twiceSensitivity;
            }
        }

        // Uniform proposal over the available candidates, accepted with probability exp(−ε(u_max − u_i)/(2Δ)).
        while (true)
        {
            int pick = (int)_random.NextUInt64((ulong)availableCount);
            int index = -1;
            for (int i = 0; i < scores.Length; i++)
            {
                if (available[i] && pick-- == 0)
                {
                    index = i;
                    break;
                }
            }

            if (_sampler.BernoulliExpMinus(gammas[index]))
            {
                return index;
            }
        }
    }

    private static double Max(ReadOnlySpan<double> scores)
    {
        if (scores.IsEmpty)
        {
            throw new ArgumentException("There are no candidates.", nameof(scores));
        }

        double max = double.NegativeInfinity;
        foreach (double s in scores)
        {
            if (!double.IsFinite(s))
            {
                throw new ArgumentException("Scores must be finite.", nameof(scores));
            }

            max = Math.Max(max, s);
        }

        return max;
    }

    private static void CheckCount(ReadOnlySpan<double> scores, int count)
    {
        if (count < 1 || count > scores.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "K must lie in [1, M].");
        }
    }
}
