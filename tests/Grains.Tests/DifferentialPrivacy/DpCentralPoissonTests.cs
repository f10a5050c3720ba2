using Microsoft.Extensions.DependencyInjection;
using OrleansFed.Grains.DifferentialPrivacy;
using OrleansFed.Grains.Ledger;
using OrleansFed.Grains.Sampling;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Privacy.Accounting;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Runtime.Testing;
using Xunit;

namespace OrleansFed.Grains.Tests.DifferentialPrivacy;

/// <summary>
/// <c>dp-central</c> with Poisson sampling through the campaign grain. The sampling randomness is replaced by a constant
/// source, so a round's sample is forced: everyone (every draw 0 &lt; q) or no one (every draw just below 1).
/// </summary>
public sealed class DpCentralPoissonTests : IDisposable
{
    private const int Logreg = 7850;
    private readonly SqliteTestDirectory _directory = new("orleansfed-poisson-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_empty_sample_closes_at_once_with_the_noise_alone_and_is_charged_like_any_round()
    {
        await using var host = await StartAsync(everyone: false);
        await host.Campaign("c").CreateAsync(Config("dp-central:sigma=1,clip=1", rounds: 2));
        await host.EnrollAsync("c", 4);
        var initial = (await host.Campaign("c").GetModelAsync()).Weights.ToArray();

        // Nobody was sampled: the attempt's deadline is its opening instant, so it closes without anyone uploading
        // (the deadline reminder is due at once; the manual clock fires due timers when it moves).
        Assert.Empty((await host.Round("c", 1, 1).GetSummaryAsync()).Selected);
        Assert.Equal(0, (await host.Campaign("c").GetStatusAsync())!.CompletedRounds);
        host.Time.Advance(TimeSpan.FromMilliseconds(1));
        await GrainTestHost.EventuallyAsync(async () => (await host.Campaign("c").GetStatusAsync())!.CompletedRounds >= 1, "round 1 commits");

        var record = (await host.Campaign("c").GetHistoryAsync())[0];
        Assert.Equal((1, 0, 0L, 0.0), (record.Attempt, record.Participants, record.Samples, record.TrainLoss));
        var model = (await host.Campaign("c").GetModelAsync()).Weights.ToArray();
        // w + N(0, (z·C)²)/(q·N): noise of standard deviation 1/2 per coordinate, so the model moved everywhere.
        var moved = model.Zip(initial, (a, b) => (double)a - b).ToArray();
        var std = Math.Sqrt(moved.Sum(d => d * d) / moved.Length);
        Assert.InRange(std, 0.45, 0.55);
        var z = DpCentralAggregator.AccountedNoiseMultiplier(PrivacyModeSpec.Parse("dp-central:sigma=1"), 2.0, Logreg);
        var entry = Assert.Single(await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("c")).GetEntriesAsync(), e => e.Id == "round-1");
        Assert.Equal(new SubsampledGaussianEvent(0.5, z, 1), entry.Event);
    }

    [Theory]
    [InlineData("poisson", 2.0)] // the sum of the four over q·N = 0.5 · 4 = 2
    [InlineData("fixed", 1.0)]   // two sampled, the sum of the two over 2
    public async Task The_step_is_the_clipped_sum_over_the_expected_sample_size(string sampling, double steps)
    {
        // Poisson: everyone sampled (forced); fixed: any 2 of the 4 (the real CSPRNG).
        await using var host = sampling == "poisson" ? await StartAsync(everyone: true) : await GrainTestHost.StartAsync();
        await host.Campaign("c").CreateAsync(Config($"dp-central:sigma=1E-06,clip=1,sampling={sampling}", rounds: 1));
        await host.EnrollAsync("c", 4);
        var global = (await host.Campaign("c").GetModelAsync()).Weights.ToArray();
        var selected = (await host.Round("c", 1, 1).GetSummaryAsync()).Selected;
        Assert.Equal(sampling == "poisson" ? 4 : 2, selected.Length);

        // Every update moves every weight by +0.001 (norm 0.001·√7850 ≈ 0.089 < C: unclipped).
        var update = global.Select(w => w + 0.001f).ToArray();
        foreach (var participant in selected)
        {
            await host.Campaign("c").SubmitUpdateAsync(participant, new UpdateBlob(1, 100, 0.5f, update));
        }

        var model = (await host.Campaign("c").GetModelAsync()).Weights.ToArray();
        for (int i = 0; i < model.Length; i++)
        {
            Assert.Equal(global[i] + (0.001 * steps), model[i], 1e-5);
        }
    }

    [Fact]
    public async Task A_poisson_round_commits_at_its_deadline_with_fewer_updates_than_the_minimum_instead_of_re_drawing()
    {
        await using var host = await StartAsync(everyone: true);
        await host.Campaign("c").CreateAsync(Config("dp-central:sigma=1,clip=1", rounds: 1) with { MinParticipants = 3 });
        await host.EnrollAsync("c", 4);
        await host.Campaign("c").SubmitUpdateAsync("p2", GrainTestHost.Update(1, Logreg, 0.01f));

        host.Time.Advance(TimeSpan.FromSeconds(121));
        await GrainTestHost.EventuallyAsync(async () => (await host.Campaign("c").GetStatusAsync())!.State == CampaignState.Completed, "the campaign completes");

        var record = Assert.Single(await host.Campaign("c").GetHistoryAsync());
        Assert.Equal((1, 1, CloseReason.Deadline), (record.Attempt, record.Participants, record.CloseReason));
    }

    [Fact]
    public async Task The_denominator_is_fixed_when_the_attempt_is_planned_and_survives_a_restart()
    {
        var time = new ManualTimeProvider();
        float[] global;
        await using (var host = await StartAsync(everyone: true, time, _directory))
        {
            await host.Campaign("c").CreateAsync(Config("dp-central:sigma=1E-06,clip=1", rounds: 1));
            await host.EnrollAsync("c", 4);
            global = (await host.Campaign("c").GetModelAsync()).Weights.ToArray();
            await host.Campaign("c").EnrollAsync(new EnrollRequest { Name = "late", SampleCount = 100 }); // N = 5 from now on
        }

        await using (var host = await StartAsync(everyone: true, time, _directory))
        {
            Assert.NotNull(await host.Campaign("c").ResumeFromStorageAsync());
            var update = global.Select(w => w + 0.001f).ToArray();
            foreach (var participant in (await host.Round("c", 1, 1).GetSummaryAsync()).Selected)
            {
                await host.Campaign("c").SubmitUpdateAsync(participant, new UpdateBlob(1, 100, 0.5f, update));
            }

            // Four sampled at N = 4: the sum over 0.5 · 4 = 2, not over 0.5 · 5.
            var model = (await host.Campaign("c").GetModelAsync()).Weights.ToArray();
            Assert.Equal(global[0] + 0.002, model[0], 1e-5);
            Assert.Equal(global[^1] + 0.002, model[^1], 1e-5);
        }
    }

    [Fact]
    public async Task Poisson_sampling_refuses_a_cap_on_the_sample()
    {
        await using var host = await GrainTestHost.StartAsync();
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            host.Campaign("c").CreateAsync(Config("dp-central:sigma=1", rounds: 1) with { ParticipantsPerRound = 2 }));
        Assert.Contains("participantsPerRound (a cap on the sample) would void that analysis", error.Message, StringComparison.Ordinal);
        Assert.Null(await host.Campaign("c").GetStatusAsync());
        await host.Campaign("c").CreateAsync(Config("dp-central:sigma=1,sampling=fixed", rounds: 1) with { ParticipantsPerRound = 2 });
    }

    private static CampaignConfig Config(string privacy, int rounds) => new()
    {
        Id = "c", Model = "logreg", Rounds = rounds, MinParticipants = 2, MinEnrolled = 4, SampleFraction = 0.5, Privacy = privacy,
    };

    private static Task<GrainTestHost> StartAsync(bool everyone, ManualTimeProvider? time = null, string? directory = null) =>
        GrainTestHost.StartAsync(time, directory, services => services.AddSingleton<SamplingRandomness>(new ConstantRandomness(everyone ? (byte)0 : (byte)0xFF)));

    /// <summary>Every byte the same: 0 makes every uniform draw 0 (everyone sampled), 0xFF makes it 1 − 2⁻⁵³ (no one).
    /// Only for Poisson draws: a fixed-size draw's rejection sampling would never end on a constant stream.</summary>
    private sealed class ConstantRandomness(byte value) : SamplingRandomness
    {
        public override RandomSource Create() => new ConstantSource(value);

        private sealed class ConstantSource(byte value) : RandomSource
        {
            protected override void Generate(Span<byte> destination) => destination.Fill(value);
        }
    }
}
