using OrleansFed.Privacy.Mechanisms;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.Tests.Support;

namespace OrleansFed.Privacy.Tests.Mechanisms;

/// <summary>
/// <see cref="ExponentialMechanism.SelectSubset"/>: one exponential mechanism over K-subsets with the additive utility,
/// Pr[S] ∝ Π_{i∈S} exp(ε·u_i/(2Δ)).
/// </summary>
public sealed class JointSubsetSelectionTests
{
    [Fact]
    public void Two_of_four_follow_the_product_law_over_all_six_pairs() => AssertPairsFollowTheLaw([0.9, 0.6, 0.3, 0.0], 2, 191);

    [Fact]
    public void Equal_scores_give_every_pair_the_same_chance() => AssertPairsFollowTheLaw([0.4, 0.4, 0.4, 0.4], 1, 194);

    [Fact]
    public void One_of_three_is_the_single_exponential_mechanism_draw()
    {
        double[] scores = [1.0, 0.5, 0.0];
        var mechanism = new ExponentialMechanism(2, 0.5, new AesCtrRandomSource(Statistics.Seed(192)));
        var p = new double[3];
        mechanism.Probabilities(scores, p);
        const int draws = 3000;
        var observed = new double[3];
        for (int t = 0; t < draws; t++)
        {
            observed[mechanism.SelectSubset(scores, 1)[0]]++;
        }

        Statistics.AssertChiSquareFits(observed, [.. p.Select(x => x * draws)]);
    }

    [Fact]
    public void Changing_one_score_by_delta_moves_every_set_probability_by_at_most_e_to_the_epsilon()
    {
        // The privacy claim behind the ledger entry: the law itself (enumerated) under a one-score change of Δ.
        const double epsilon = 3, sensitivity = 0.5;
        double[] scores = [0.8, 0.7, 0.4, 0.2, 0.1];
        var sets = Pairs(5);
        var before = SubsetLaw(scores, sets, epsilon, sensitivity);
        foreach (double change in new[] { -sensitivity, sensitivity })
        {
            for (int i = 0; i < scores.Length; i++)
            {
                var neighbour = (double[])scores.Clone();
                neighbour[i] += change;
                var after = SubsetLaw(neighbour, sets, epsilon, sensitivity);
                for (int s = 0; s < sets.Length; s++)
                {
                    Assert.InRange(Math.Abs(Math.Log(after[s] / before[s])), 0, epsilon + 1e-12);
                }
            }
        }
    }

    [Fact]
    public void A_large_budget_returns_the_top_k_and_k_equal_m_returns_everything()
    {
        var mechanism = new ExponentialMechanism(400, 0.5, new AesCtrRandomSource(Statistics.Seed(193)));
        double[] scores = [0.1, 0.9, 0.2, 0.8, 0.85];
        for (int t = 0; t < 50; t++)
        {
            Assert.Equal([1, 3, 4], mechanism.SelectSubset(scores, 3));
        }

        Assert.Equal([0, 1, 2, 3, 4], mechanism.SelectSubset(scores, 5));
    }

    [Fact]
    public void Bad_counts_and_non_finite_scores_are_refused()
    {
        var mechanism = new ExponentialMechanism(1, 0.5, new AesCtrRandomSource(Statistics.Seed(195)));
        Assert.Throws<ArgumentOutOfRangeException>(() => mechanism.SelectSubset([0.1, 0.2], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => mechanism.SelectSubset([0.1, 0.2], 3));
        Assert.Throws<ArgumentException>(() => mechanism.SelectSubset([0.1, double.NaN, 0.3], 2));
    }

    /// <summary>6,000 draws of two of the four scores against the enumerated law (χ² at 0.1 %).</summary>
    private static void AssertPairsFollowTheLaw(double[] scores, double epsilon, int seed)
    {
        const double sensitivity = 0.5;
        var mechanism = new ExponentialMechanism(epsilon, sensitivity, new AesCtrRandomSource(Statistics.Seed(seed)));
        var pairs = Pairs(scores.Length);
        var law = SubsetLaw(scores, pairs, epsilon, sensitivity);
        const int draws = 6000;
        var observed = new double[pairs.Length];
        for (int t = 0; t < draws; t++)
        {
            var chosen = mechanism.SelectSubset(scores, 2);
            Assert.Equal(2, chosen.Length);
            Assert.True(chosen[0] < chosen[1], "indices come back ascending and distinct");
            observed[Array.FindIndex(pairs, p => p[0] == chosen[0] && p[1] == chosen[1])]++;
        }

        Statistics.AssertChiSquareFits(observed, [.. law.Select(p => p * draws)]);
    }

    private static int[][] Pairs(int m)
    {
        var pairs = new List<int[]>();
        for (int i = 0; i < m; i++)
        {
            for (int j = i + 1; j < m; j++)
            {
                pairs.Add([i, j]);
            }
        }

        return [.. pairs];
    }

    private static double[] SubsetLaw(double[] scores, int[][] sets, double epsilon, double sensitivity)
    {
        var weights = sets.Select(set => Math.Exp(epsilon * set.Sum(i => scores[i]) / (2 * sensitivity))).ToArray();
        double total = weights.Sum();
        return [.. weights.Select(w => w / total)];
    }
}
