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

    /// <summary>
    /// Selects a set of <paramref name="count"/> candidates by one exponential mechanism over all K-subsets, with the
    /// additive utility U(S) = Σ_{i∈S} u_i: Pr[S] ∝ exp(ε·U(S)/(2Δ)) = Π_{i∈S} exp(ε·u_i/(2Δ)). When neighbouring
    /// inputs differ in one candidate's score (by at most Δ), U(S) moves by at most Δ for every S, so the whole set is
    /// ε-DP, where <see cref="SelectTopK"/> spends Kε on the K draws; for the same budget Kε this weighs each candidate
    /// by exp(Kε·u_i/(2Δ)) instead of exp(ε·u_i/(2Δ)) per draw. The guarantee rests on that neighbour relation: if one
    /// change can move every score (a shared input), U(S) moves by up to KΔ and the set costs Kε again.
    /// </summary>
    /// <remarks>
    /// Exact, by conditional Poisson (rejective) sampling: include each candidate independently with probability
    /// σ(ε(u_i − τ)/(2Δ)) (σ the logistic function; each an exact Bernoulli) and keep the first draw that includes
    /// exactly K. Conditioned on that, Pr[S] ∝ Π_{i∈S} σ/(1 − σ) = Π_{i∈S} exp(ε(u_i − τ)/(2Δ)), the law above for
    /// any τ; τ only sets the expected count (to K, so a draw succeeds with probability at least 1/(M + 1)).
    /// </remarks>
    /// <param name="scores">The utilities (finite).</param>
    /// <param name="count">K ≤ M.</param>
    /// <returns>The chosen indices, ascending.</returns>
    public int[] SelectSubset(ReadOnlySpan<double> scores, int count)
    {
        CheckCount(scores, count);
        Max(scores);
        if (count == scores.Length)
        {
            return [.. Enumerable.Range(0, count)];
        }

        double threshold = CountThreshold(scores, count, _epsilon.ToDouble() / (2 * Sensitivity));
        var above = new bool[scores.Length];
        var logits = new Rational[scores.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            above[i] = scores[i] >= threshold;
            logits[i] = _epsilon * (above[i] ? Rational.ExactDifference(scores[i], threshold) : Rational.ExactDifference(threshold, scores[i]))
                / _twiceSensitivity;
        }

        var chosen = new int[count];
        while (true)
        {
            int included = 0;
            for (int i = 0; i < scores.Length && included <= count; i++)
            {
                // σ(x) for x ≥ 0, or 1 − σ(|x|) = σ(x) for x < 0.
                if (BernoulliLogistic(logits[i]) == above[i])
                {
                    if (included < count)
                    {
                        chosen[included] = i;
                    }

                    included++;
                }
            }

            if (included == count)
            {
                return chosen;
            }
        }
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

    /// <summary>True with probability σ(x) = 1/(1 + e^(−x)) for rational x ≥ 0, exactly.</summary>
    private bool BernoulliLogistic(Rational x)
    {
        // Each pass ends true with probability ½, false with ½·e^(−x), so P(true) = ½/(½ + ½e^(−x)) = σ(x).
        while (true)
        {
            if (_random.NextUInt64(2) == 0)
            {
                return true;
            }

            if (_sampler.BernoulliExpMinus(x))
            {
                return false;
            }
        }
    }

    /// <summary>τ with Σ_i σ(scale·(u_i − τ)) ≈ K, by bisection; it affects only how many passes succeed, not the law.</summary>
    private static double CountThreshold(ReadOnlySpan<double> scores, int count, double scale)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (double s in scores)
        {
            low = Math.Min(low, s);
            high = Math.Max(high, s);
        }

        double margin = 40 / scale;
        low -= margin;
        high += margin;
        for (int iteration = 0; iteration < 200 && low < high; iteration++)
        {
            double middle = 0.5 * (low + high);
            if (middle <= low || middle >= high)
            {
                break;
            }

            double expected = 0;
            foreach (double s in scores)
            {
                expected += 1 / (1 + Math.Exp(-scale * (s - middle)));
            }

            if (expected > count)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return 0.5 * (low + high);
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
