using OrleansFed.Privacy.Mechanisms;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.Tests.Support;

namespace OrleansFed.Privacy.Tests.Mechanisms;

/// <summary>SecProbe's use of the exponential mechanism: K of M uploads without replacement, utilities in [0, 1], Δu = ½.</summary>
public sealed class ExponentialSelectionTests
{
    [Fact]
    public void Selecting_two_of_four_includes_each_upload_with_the_successive_draw_probability()
    {
        double[] scores = [0.9, 0.8, 0.3, 0.1];
        var mechanism = new ExponentialMechanism(4, 0.5, new AesCtrRandomSource(Statistics.Seed(77)));
        var p = new double[4];
        mechanism.Probabilities(scores, p);
        const int draws = 3000;
        var included = new double[4];
        for (int t = 0; t < draws; t++)
        {
            var chosen = mechanism.SelectTopK(scores, 2);
            Assert.NotEqual(chosen[0], chosen[1]);
            included[chosen[0]]++;
            included[chosen[1]]++;
        }

        // P(i among 2) = p_i + Σ_{j≠i} p_j · p_i / (1 − p_j).
        var expected = new double[4];
        for (int i = 0; i < 4; i++)
        {
            double q = p[i];
            for (int j = 0; j < 4; j++)
            {
                if (j != i)
                {
                    q += p[j] * p[i] / (1 - p[j]);
                }
            }

            expected[i] = q * draws;
        }

        // Inclusion counts are not independent cells, so compare each with a 4.5σ binomial band instead of a χ² fit.
        for (int i = 0; i < 4; i++)
        {
            double sd = Math.Sqrt(expected[i] * (1 - expected[i] / draws));
            Assert.InRange(included[i], expected[i] - 4.5 * sd, expected[i] + 4.5 * sd);
        }

        Assert.True(included[0] > included[3], "the best upload must be chosen more often than the worst");
    }

    [Fact]
    public void First_draw_follows_exp_of_epsilon_u_over_twice_delta_u()
    {
        double[] scores = [1.0, 0.5, 0.0];
        var mechanism = new ExponentialMechanism(2, 0.5, new AesCtrRandomSource(Statistics.Seed(78)));
        var p = new double[3];
        mechanism.Probabilities(scores, p);
        // ε u/(2Δu) = 2u: weights e², e¹, e⁰.
        double total = Math.Exp(2) + Math.E + 1;
        Assert.Equal(Math.Exp(2) / total, p[0], 12);
        Assert.Equal(1 / total, p[2], 12);
        const int draws = 3000;
        var observed = new double[3];
        for (int t = 0; t < draws; t++)
        {
            observed[mechanism.SelectTopK(scores, 1)[0]]++;
        }

        Statistics.AssertChiSquareFits(observed, [.. p.Select(x => x * draws)]);
    }
}
