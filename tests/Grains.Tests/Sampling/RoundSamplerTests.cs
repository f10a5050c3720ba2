using OrleansFed.Grains.Sampling;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Runtime.Testing;
using Xunit;

namespace OrleansFed.Grains.Tests.Sampling;

public sealed class RoundSamplerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleansfed-sampling-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

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
            Strategies.ParticipantSampler.Sample([.. enrolled], 4, 7, 2, 1),
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
