using OrleansFed.Grains.Pate;
using OrleansFed.Interfaces.Pate;
using OrleansFed.Privacy.Accounting;
using Xunit;

namespace OrleansFed.Grains.Tests.Pate;

/// <summary>
/// Noise outcomes are checked only where failure has negligible probability: e.g. a margin of 1000 votes against
/// Lap(1) noise flips with probability below e^-490 per comparison, N(0, 5²) below e^-5000.
/// </summary>
public sealed class AggregatorTests
{
    private static double[] Winner(int label, double margin = 1000, int classes = 10)
    {
        var counts = new double[classes];
        counts[label] = margin;
        return counts;
    }

    [Fact]
    public void LnMax_with_a_huge_margin_releases_the_plurality_and_records_its_data_dependent_event()
    {
        var lnmax = new LnMaxAggregator(1.0);
        for (int label = 0; label < 10; label++)
        {
            var answer = lnmax.Answer(Winner(label));
            Assert.Equal(label, answer.Label);
            var e = Assert.IsType<LaplaceNoisyMaxEvent>(Assert.Single(answer.Events));
            Assert.Equal(1.0, e.NoiseInverseScale);
            Assert.Equal(LnMaxAnalysis.Q(Winner(label), 1.0), e.Q);
        }
    }

    [Fact]
    public void GnMax_with_a_huge_margin_releases_the_plurality_and_records_ln_q()
    {
        var gnmax = new GnMaxAggregator(5.0);
        for (int label = 0; label < 10; label++)
        {
            var answer = gnmax.Answer(Winner(label));
            Assert.Equal(label, answer.Label);
            var e = Assert.IsType<GnMaxEvent>(Assert.Single(answer.Events));
            Assert.Equal(5.0, e.Sigma);
            Assert.Equal(Math.Max(GnMaxAnalysis.LogQ(Winner(label), 5.0), -1e4), e.LogQ);
        }
    }

    [Fact]
    public void Data_independent_accounting_records_events_without_data_dependent_values()
    {
        Assert.Null(Assert.IsType<LaplaceNoisyMaxEvent>(new LnMaxAggregator(1, PateAccounting.DataIndependent).Answer(Winner(3)).Events[0]).Q);
        Assert.Null(Assert.IsType<GnMaxEvent>(new GnMaxAggregator(5, PateAccounting.DataIndependent).Answer(Winner(3)).Events[0]).LogQ);
        Assert.False(new GnMaxAggregator(5, PateAccounting.DataIndependent).CostDependsOnVotes);
    }

    [Fact]
    public void Confident_GnMax_answers_a_strong_consensus_and_pays_threshold_plus_gnmax()
    {
        var confident = new ConfidentGnMaxAggregator(threshold: 60, thresholdSigma: 5, sigma: 5);
        // 100 teachers, 95 agree: 95 + N(0, 25) < 60 has probability Φ(-7) ≈ 1e-12.
        var counts = new double[10];
        counts[7] = 95;
        counts[2] = 5;
        var answer = confident.Answer(counts);
        Assert.Equal(7, answer.Label);
        Assert.Collection(answer.Events,
            e => Assert.Equal(GnMaxAnalysis.LogPrAnswered(60, 5, counts), Assert.IsType<ConfidentThresholdEvent>(e).LogPrAnswered),
            e => Assert.Equal(5.0, Assert.IsType<GnMaxEvent>(e).Sigma));
        Assert.Equal(2, confident.MaximalCost(counts).Length);
    }

    [Fact]
    public void Confident_GnMax_leaves_a_low_consensus_query_unanswered_and_pays_only_the_threshold()
    {
        var confident = new ConfidentGnMaxAggregator(threshold: 60, thresholdSigma: 5, sigma: 5);
        // 100 teachers spread evenly: 10 + N(0, 25) ≥ 60 needs a 10σ deviation (probability ≈ 7.6e-24).
        var counts = Enumerable.Repeat(10.0, 10).ToArray();
        for (int i = 0; i < 20; i++)
        {
            var answer = confident.Answer(counts);
            Assert.Null(answer.Label);
            var e = Assert.IsType<ConfidentThresholdEvent>(Assert.Single(answer.Events));
            Assert.Equal(GnMaxAnalysis.LogPrAnswered(60, 5, counts), e.LogPrAnswered);
        }
    }

    [Fact]
    public void Local_geometric_takes_the_plain_argmax_and_costs_epsilon_per_answer()
    {
        var local = new LocalGeometricAggregator(2.0);
        Assert.Equal(VoteEncoding.LocallyPerturbed, local.Encoding);
        var answer = local.Answer([3, 9, 8, 0]);
        Assert.Equal(1, answer.Label);
        Assert.Equal(new PureDpEvent(2.0), Assert.Single(answer.Events));
        Assert.False(local.CostDependsOnVotes);
    }

    [Fact]
    public void Ties_are_broken_among_the_tied_classes_only_and_reach_each_of_them()
    {
        var local = new LocalGeometricAggregator(1.0);
        var seen = new HashSet<int>();
        // Each of the two tied classes is missed in 200 draws with probability 2^-200.
        for (int i = 0; i < 200; i++)
        {
            seen.Add(local.Answer([5, 0, 5, 1]).Label!.Value);
        }

        Assert.Equal(new HashSet<int> { 0, 2 }, seen);
    }

    [Fact]
    public void The_teacher_perturbation_is_a_zero_one_vector_that_keeps_the_vote_with_high_epsilon()
    {
        // ε = 40: each coordinate flips with probability e^-20/(1 + e^-20) < 3e-9.
        for (int label = 0; label < 10; label++)
        {
            var vote = LocalGeometricTeacher.Perturb(label, 10, 40);
            Assert.Equal(Enumerable.Range(0, 10).Select(i => i == label ? 1 : 0), vote);
        }

        // At small ε the output is still a {0, 1} vector, and over 2000 draws both values appear off the label.
        var counts = new int[2];
        for (int i = 0; i < 2000; i++)
        {
            var vote = LocalGeometricTeacher.Perturb(0, 3, 0.5);
            Assert.All(vote, v => Assert.InRange(v, 0, 1));
            counts[vote[1]]++;
        }

        Assert.All(counts, c => Assert.True(c > 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LocalGeometricTeacher.Perturb(3, 3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LocalGeometricTeacher.Perturb(0, 3, double.NaN));
    }

    [Fact]
    public void The_factory_builds_each_kind_and_rejects_bad_parameters()
    {
        Assert.IsType<LnMaxAggregator>(PateAggregators.Create(PateAggregatorSpec.LnMax(0.05), PateAccounting.DataDependent));
        Assert.IsType<GnMaxAggregator>(PateAggregators.Create(PateAggregatorSpec.GnMax(40), PateAccounting.DataDependent));
        Assert.IsType<ConfidentGnMaxAggregator>(PateAggregators.Create(PateAggregatorSpec.ConfidentGnMax(300, 200, 40), PateAccounting.DataDependent));
        Assert.IsType<LocalGeometricAggregator>(PateAggregators.Create(PateAggregatorSpec.LocalGeometric(1), PateAccounting.DataDependent));
        Assert.Throws<ArgumentOutOfRangeException>(() => PateAggregators.Create(PateAggregatorSpec.LnMax(0), PateAccounting.DataDependent));
        Assert.Throws<ArgumentOutOfRangeException>(() => PateAggregators.Create(PateAggregatorSpec.GnMax(-1), PateAccounting.DataDependent));
        Assert.Throws<ArgumentException>(() => new LnMaxAggregator(1).Answer([1]));
        Assert.Throws<ArgumentException>(() => new LnMaxAggregator(1).Answer([1, double.NaN]));
    }
}
