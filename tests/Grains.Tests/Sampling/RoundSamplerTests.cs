using System.Collections.Immutable;
using OrleansFed.Grains.Sampling;
using OrleansFed.Grains.Strategies;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Runtime.Testing;
using Xunit;

namespace OrleansFed.Grains.Tests.Sampling;

public sealed class RoundSamplerTests : IDisposable
{
    private readonly SqliteTestDirectory _directory = new("orleansfed-sampling-");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(null, null, 2, 10, 10)]      // no fraction, no cap: everyone
    [InlineData(null, 4, 2, 10, 4)]          // cap only
    [InlineData(0.3, null, 2, 10, 3)]        // ⌈0.3·10⌉ = 3 (not 4 from 3.0000000000000004)
    [InlineData(0.25, null, 2, 10, 3)]       // ⌈2.5⌉ = 3
    [InlineData(0.05, null, 2, 10, 2)]       // ⌈0.5⌉ = 1, raised to the minimum 2
    [InlineData(0.1, null, 1, 1000, 100)]    // 100 of 1,000
    [InlineData(0.5, 3, 2, 10, 3)]           // fraction says 5, cap 3
    [InlineData(1.0, null, 2, 7, 7)]
    [InlineData(0.5, null, 5, 3, 3)]         // never more than enrolled
    public void Sample_size_is_the_fraction_rounded_up_raised_to_the_minimum_and_capped(
        double? fraction, int? cap, int minimum, int enrolled, int expected)
    {
        var config = new CampaignConfig { SampleFraction = fraction, ParticipantsPerRound = cap, MinParticipants = minimum };
        Assert.Equal(expected, RoundSampler.SampleSize(config, enrolled));
    }

    [Fact]
    public void A_draw_is_a_sorted_subset_of_the_right_size_and_the_same_every_time()
    {
        var enrolled = Enumerable.Range(1, 50).Select(GrainKeys.ParticipantId).ToList();
        var config = new CampaignConfig { SampleFraction = 0.2, MinParticipants = 2, Seed = 42 };
        var draw = RoundSampler.Draw(config, 3, 1, enrolled);

        Assert.Equal(10, draw.Length);
        Assert.Equal<string>(draw.Order(StringComparer.Ordinal), draw);
        Assert.Equal(10, draw.Distinct().Count());
        Assert.All(draw, id => Assert.Contains(id, enrolled));
        Assert.Equal<string>(draw, RoundSampler.Draw(config, 3, 1, [.. enrolled]));

        // Other rounds, attempts and seeds draw other sets.
        Assert.NotEqual<string>(draw, RoundSampler.Draw(config, 4, 1, enrolled));
        Assert.NotEqual<string>(draw, RoundSampler.Draw(config, 3, 2, enrolled));
        Assert.NotEqual<string>(draw, RoundSampler.Draw(config with { Seed = 43 }, 3, 1, enrolled));
    }

    [Fact]
    public void Without_a_fraction_the_draw_is_the_one_the_strategies_made_before_sampling_existed()
    {
        var enrolled = Enumerable.Range(1, 9).Select(GrainKeys.ParticipantId).ToList();
        var config = new CampaignConfig { ParticipantsPerRound = 4, MinParticipants = 2, Seed = 7 };
        Assert.Equal<string>(
            ParticipantSampler.Sample([.. enrolled], 4, 7, 2, 1),
            RoundSampler.Draw(config, 2, 1, enrolled));
    }

    [Fact]
    public async Task The_campaign_opens_rounds_with_the_sample_and_re_draws_the_same_set_after_a_restart()
    {
        var time = new ManualTimeProvider();
        var config = new CampaignConfig
        {
            Id = "s1", Model = "logreg", Rounds = 2, MinParticipants = 2, MinEnrolled = 6, SampleFraction = 0.5, Seed = 3,
        };
        var enrolled = Enumerable.Range(1, 6).Select(GrainKeys.ParticipantId).ToList();
        var expected = RoundSampler.Draw(config, 1, 1, enrolled);
        await using (var host = await GrainTestHost.StartAsync(time, _directory))
        {
            await host.Campaign("s1").CreateAsync(config);
            await host.EnrollAsync("s1", 6);
            Assert.Equal<string>(expected, (await host.Round("s1", 1, 1).GetSummaryAsync()).Selected);
            var outsider = enrolled.First(id => !expected.Contains(id));
            Assert.Equal(TaskOfferKind.None, (await host.Campaign("s1").GetNextTaskAsync(outsider)).Kind);
            Assert.Equal(TaskOfferKind.Assigned, (await host.Campaign("s1").GetNextTaskAsync(expected[0])).Kind);
        }

        await using (var host = await GrainTestHost.StartAsync(time, _directory))
        {
            Assert.NotNull(await host.Campaign("s1").ResumeFromStorageAsync());
            Assert.Equal<string>(expected, (await host.Round("s1", 1, 1).GetSummaryAsync()).Selected);
            foreach (var id in expected)
            {
                await host.Campaign("s1").SubmitUpdateAsync(id, GrainTestHost.Update(1, 7850, 1f));
            }

            Assert.Equal<string>(RoundSampler.Draw(config, 2, 1, enrolled), (await host.Round("s1", 2, 1).GetSummaryAsync()).Selected);
        }
    }

    [Theory]
    [InlineData("dp-central:sigma=1,sampling=fixed")]
    [InlineData("dp-distributed:noise=1")]
    public void Under_client_level_dp_the_fixed_size_draw_comes_from_the_secure_source_not_the_seed(string privacy)
    {
        var enrolled = Enumerable.Range(1, 50).Select(GrainKeys.ParticipantId).ToList();
        var config = new CampaignConfig { SampleFraction = 0.2, MinParticipants = 2, Seed = 42, Privacy = privacy };
        Assert.True(RoundSampler.DrawsSecretly(config));
        var draw = RoundSampler.Draw(config, 3, 1, enrolled, Source(1));

        Assert.Equal(10, draw.Length);
        Assert.Equal<string>(draw.Order(StringComparer.Ordinal), draw);
        Assert.Equal(10, draw.Distinct().Count());
        Assert.All(draw, id => Assert.Contains(id, enrolled));
        // The same key stream draws the same set; the seed, round and attempt do not enter it.
        Assert.Equal<string>(draw, RoundSampler.Draw(config with { Seed = 43 }, 4, 2, enrolled, Source(1)));
        Assert.NotEqual<string>(draw, RoundSampler.Draw(config, 3, 1, enrolled, Source(2)));
        Assert.NotEqual<string>(ParticipantSampler.Sample([.. enrolled], 10, 42, 3, 1), draw);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("none")]
    [InlineData("dp-sgd:sigma=1")]
    [InlineData("secagg")]
    public void Other_modes_keep_the_seeded_draw(string? privacy)
    {
        var enrolled = Enumerable.Range(1, 20).Select(GrainKeys.ParticipantId).ToList();
        var config = new CampaignConfig { SampleFraction = 0.25, MinParticipants = 2, Seed = 9, Privacy = privacy };
        Assert.False(RoundSampler.DrawsSecretly(config));
        Assert.Equal<string>(ParticipantSampler.Sample([.. enrolled], 5, 9, 2, 1), RoundSampler.Draw(config, 2, 1, enrolled, Source(1)));
    }

    [Fact]
    public void The_secret_draw_is_uniform_over_the_subsets_of_its_size()
    {
        // 3 of 6 participants, 24,000 draws from a seeded AES-CTR stream: each of the C(6,3) = 20 subsets is expected
        // 1,200 times. χ² with 19 degrees of freedom exceeds 50 with probability below 1e-4; the stream is fixed, so
        // the figure is too. A biased index draw (e.g. always keeping participant 1) fails by orders of magnitude.
        var enrolled = Enumerable.Range(1, 6).Select(GrainKeys.ParticipantId).ToList();
        var config = new CampaignConfig { ParticipantsPerRound = 3, MinParticipants = 2, Privacy = "dp-central:sigma=1,sampling=fixed" };
        var random = Source(7);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        const int draws = 24_000;
        for (int i = 0; i < draws; i++)
        {
            var key = string.Join(',', RoundSampler.Draw(config, 1, 1, enrolled, random));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        Assert.Equal(20, counts.Count);
        const double expected = draws / 20.0;
        var chiSquare = counts.Values.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 50, $"χ² = {chiSquare}");
    }

    [Fact]
    public async Task A_dp_central_campaign_does_not_sample_by_its_seed_and_a_restart_reopens_the_stored_set()
    {
        // Eight campaigns with one configuration and seed: the seeded shuffle would give all eight the same round-1
        // set; independent uniform draws of 6 of 12 coincide in all eight with probability (1/924)⁷ ≈ 2·10⁻²¹.
        var time = new ManualTimeProvider();
        var samples = new List<ImmutableArray<string>>();
        await using (var host = await GrainTestHost.StartAsync(time, _directory))
        {
            for (int c = 0; c < 8; c++)
            {
                var id = $"dp{c}";
                await host.Campaign(id).CreateAsync(new CampaignConfig
                {
                    Id = id, Model = "logreg", Rounds = 2, MinParticipants = 2, MinEnrolled = 12, SampleFraction = 0.5, Seed = 3,
                    Privacy = "dp-central:sigma=1,clip=1,sampling=fixed",
                });
                await host.EnrollAsync(id, 12);
                var selected = (await host.Round(id, 1, 1).GetSummaryAsync()).Selected;
                Assert.Equal(6, selected.Length);
                samples.Add(selected);
            }
        }

        Assert.True(samples.Select(s => string.Join(',', s)).Distinct().Count() > 1);
        await using (var host = await GrainTestHost.StartAsync(time, _directory))
        {
            Assert.NotNull(await host.Campaign("dp0").ResumeFromStorageAsync());
            Assert.Equal<string>(samples[0], (await host.Round("dp0", 1, 1).GetSummaryAsync()).Selected);
        }
    }

    [Fact]
    public void A_poisson_draw_takes_each_participant_independently_with_probability_q()
    {
        // 6 participants, q = 0.3, 24,000 draws from a seeded AES-CTR stream. The sample size must follow
        // Binomial(6, 0.3): χ² over its 7 values (6 degrees of freedom) exceeds 35 with probability below 1e-5. Each
        // participant is included 7,200 times in expectation (standard deviation 71); 6 standard deviations are allowed.
        var enrolled = Enumerable.Range(1, 6).Select(GrainKeys.ParticipantId).ToList();
        var config = new CampaignConfig { SampleFraction = 0.3, MinParticipants = 2, Privacy = "dp-central:sigma=1" };
        Assert.True(RoundSampler.IsPoisson(config));
        var random = Source(11);
        var sizes = new int[7];
        var included = enrolled.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        const int draws = 24_000;
        for (int i = 0; i < draws; i++)
        {
            var draw = RoundSampler.Draw(config, 1, 1, enrolled, random);
            Assert.Equal<string>(draw.Order(StringComparer.Ordinal), draw);
            sizes[draw.Length]++;
            foreach (var id in draw)
            {
                included[id]++;
            }
        }

        double chiSquare = 0;
        for (int k = 0; k <= 6; k++)
        {
            var expected = draws * Binomial(6, k) * Math.Pow(0.3, k) * Math.Pow(0.7, 6 - k);
            chiSquare += (sizes[k] - expected) * (sizes[k] - expected) / expected;
        }

        Assert.True(chiSquare < 35, $"χ² = {chiSquare}");
        Assert.All(included.Values, n => Assert.InRange(n, 7_200 - 426, 7_200 + 426));
    }

    [Theory]
    [InlineData("dp-central:sigma=1", 0.1, 1005, true, 0.1, 100.5)]                  // Poisson: q = fraction, q·N
    [InlineData("dp-central:sigma=1", null, 7, true, 1.0, 7.0)]                       // Poisson without a fraction: everyone
    [InlineData("dp-central:sigma=1,sampling=fixed", 0.1, 1005, false, 101 / 1005.0, 101.0)] // ⌈100.5⌉ = 101 of 1,005
    [InlineData("dp-distributed:noise=1", 0.5, 10, false, 0.5, 5.0)]
    [InlineData(null, 0.5, 10, false, 0.5, 5.0)]
    public void Rate_and_expected_size_follow_the_sampling(string? privacy, double? fraction, int enrolled, bool poisson, double rate, double expected)
    {
        var config = new CampaignConfig { SampleFraction = fraction, MinParticipants = 2, Privacy = privacy };
        Assert.Equal(poisson, RoundSampler.IsPoisson(config));
        Assert.Equal(rate, RoundSampler.SampleRate(config, enrolled), 12);
        Assert.Equal(expected, RoundSampler.ExpectedSize(config, enrolled), 12);
    }

    [Fact]
    public void A_poisson_draw_without_a_fraction_takes_everyone()
    {
        var enrolled = Enumerable.Range(1, 9).Select(GrainKeys.ParticipantId).ToList();
        var config = new CampaignConfig { MinParticipants = 2, Privacy = "dp-central:sigma=1" };
        Assert.Equal<string>(enrolled.Order(StringComparer.Ordinal), RoundSampler.Draw(config, 1, 1, enrolled, Source(3)));
    }

    private static double Binomial(int n, int k) => Enumerable.Range(1, k).Aggregate(1.0, (product, i) => product * (n - k + i) / i);

    private static AesCtrRandomSource Source(byte key)
    {
        var seed = new byte[16];
        seed[0] = key;
        return new AesCtrRandomSource(seed);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public async Task A_fraction_outside_zero_to_one_is_rejected(double fraction)
    {
        await using var host = await GrainTestHost.StartAsync();
        var error = await Assert.ThrowsAsync<Interfaces.Errors.InvalidRequestException>(() => host.Campaign("s1").CreateAsync(
            new CampaignConfig { Model = "logreg", Rounds = 1, SampleFraction = fraction }));
        Assert.Contains("sampleFraction must be in (0, 1].", error.Message, StringComparison.Ordinal);
    }
}
