using Xunit;
using OrleansFed.Grains.Campaigns;
using OrleansFed.Grains.DifferentialPrivacy;
using OrleansFed.Grains.Ledger;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Grains.Tests.DifferentialPrivacy;

/// <summary><c>dp-distributed</c> through the campaign grain: the attempt is charged before it opens, budgets refuse
/// rounds, the task carries the noise settings, and settings that could wrap are refused at creation.</summary>
public sealed class DpDistributedCampaignTests
{
    private const int Logreg = 7850;
    private const double Delta = 1e-5;

    [Fact]
    public async Task The_first_attempt_is_charged_in_the_campaign_ledger_before_any_participant_sends_anything()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.Campaign("c").CreateAsync(Distributed("dp-distributed:noise=1,clip=1"));
        await host.EnrollAsync("c", 6);

        // 6 enrolled, fraction 0.5: 3 sampled, threshold 2 on the complete graph of 3.
        var codec = DpDistributedRound.Codec(PrivacyModeSpec.Parse("dp-distributed:noise=1"), 3, Logreg);
        var entry = Assert.Single(await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("c")).GetEntriesAsync());
        Assert.Equal("round-1-a1", entry.Id);
        Assert.Equal(new SubsampledGaussianEvent(0.5, codec.AccountedNoiseMultiplier, 1), entry.Event);
        Assert.Equal(1, codec.AccountedNoiseMultiplier, 9);
        Assert.Equal(2, codec.MinContributors);

        var status = (await host.Campaign("c").GetStatusAsync())!;
        Assert.Equal(CampaignState.Running, status.State);
        Assert.Equal(Delta, status.Delta);
        Assert.Equal("dp-distributed:sigma=1,clip=1,delta=1E-05,degree=0,bits=32,step=10", status.Config.Privacy);
    }

    [Fact]
    public async Task A_task_carries_the_noise_settings_and_a_plain_upload_is_refused()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.Campaign("c").CreateAsync(Distributed("dp-distributed:noise=2,clip=0.5"));
        await host.EnrollAsync("c", 6);
        var selected = (await host.Round("c", 1, 1).GetSummaryAsync()).Selected[0];

        var offer = await host.Campaign("c").GetNextTaskAsync(selected);

        Assert.Equal(new DpDistributedTaskSettings { NoiseMultiplier = 2, ClipNorm = 0.5 }, offer.Task!.DpDistributed);
        Assert.Null(offer.Task.DpSgd);
        Assert.StartsWith("dp-distributed:", offer.Task.Privacy, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidRequestException>(
            () => host.Campaign("c").SubmitUpdateAsync(selected, GrainTestHost.Update(1, Logreg, 0.01f)));
    }

    [Fact]
    public async Task A_budget_below_one_round_ends_the_campaign_before_round_one_and_charges_nothing()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.Campaign("c").CreateAsync(Distributed("dp-distributed:noise=1,clip=1") with
        {
            PrivacyBudget = new PrivacyBudgetConfig { Epsilon = 0.05, Delta = Delta },
        });
        await host.EnrollAsync("c", 6);

        var status = (await host.Campaign("c").GetStatusAsync())!;
        Assert.Equal(CampaignState.Completed, status.State);
        Assert.Equal(0, status.CompletedRounds);
        Assert.StartsWith(CampaignGrain.BudgetExhaustedMessage, status.Message, StringComparison.Ordinal);
        Assert.Empty(await host.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger("c")).GetEntriesAsync());
    }

    [Theory]
    [InlineData("dp-distributed:noise=1", "median", 3, "needs a mean-based aggregator")]
    [InlineData("dp-distributed:noise=1", null, 2, "needs minParticipants of at least 3")]
    [InlineData("dp-distributed:noise=1,threshold=5", null, 3, "with threshold 5 needs minParticipants of at least 6")]
    [InlineData("dp-distributed:noise=10,bits=16", null, 50, "wrap-around")]
    [InlineData("dp-distributed:clip=1", null, 3, "dp-distributed needs sigma=σ")]
    public async Task Bad_settings_are_refused_at_creation_and_create_nothing(string privacy, string? aggregator, int minParticipants, string fragment)
    {
        await using var host = await GrainTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => host.Campaign("c").CreateAsync(new CampaignConfig
        {
            Model = "logreg", Rounds = 2, MinParticipants = minParticipants, MinEnrolled = minParticipants, Aggregator = aggregator, Privacy = privacy,
        }));

        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.Null(await host.Campaign("c").GetStatusAsync());
    }

    private static CampaignConfig Distributed(string privacy) => new()
    {
        Model = "logreg", Rounds = 3, MinParticipants = 3, MinEnrolled = 6, SampleFraction = 0.5, Privacy = privacy,
    };
}
