using System.Net;
using OrleansFed.Client.Participant;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Learning;
using Xunit;

namespace OrleansFed.Client.Tests;

/// <summary>The SDK and the participant loop against a real silo hosted in-process on loopback.</summary>
public sealed class RealSiloTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CampaignConfig Config(string id, int rounds = 3, int minEnrolled = 2) => new()
    {
        Id = id, Model = "logreg", Rounds = rounds, MinParticipants = 2, MinEnrolled = minEnrolled, BatchSize = 32,
        LearningRate = 0.05f, RoundTimeoutSeconds = 60, Seed = 11,
    };

    [Fact]
    public async Task Admin_calls_round_trip_through_the_campaign_lifecycle()
    {
        using var client = silo.NewClient();
        var id = SiloFixture.NewCampaignId();

        var created = await client.CreateCampaignAsync(Config(id));
        var listed = await client.ListCampaignsAsync();
        var early = await Assert.ThrowsAsync<OrleansFedApiException>(() => client.PauseCampaignAsync(id));
        await client.EnrollAsync(id, new EnrollRequest { Name = "a", SampleCount = 10 });
        await client.EnrollAsync(id, new EnrollRequest { Name = "b", SampleCount = 10 });
        var running = await client.GetCampaignAsync(id);
        var paused = await client.PauseCampaignAsync(id);
        var resumed = await client.ResumeCampaignAsync(id);
        var stopped = await client.StopCampaignAsync(id);
        var late = await Assert.ThrowsAsync<OrleansFedApiException>(() => client.ResumeCampaignAsync(id));

        Assert.Equal(id, created.Id);
        Assert.Equal("logreg", created.Config.Model);
        Assert.Equal(3, created.Config.Rounds);
        Assert.Equal(CampaignState.Created, created.State);
        Assert.Contains(listed, c => c.Id == id);
        Assert.Equal(HttpStatusCode.Conflict, early.Status);
        Assert.Equal(ProblemTypes.IllegalTransition, early.Type);
        Assert.Equal(CampaignState.Running, running.State);
        Assert.Equal(2, running.Enrolled);
        Assert.Equal(1, running.CurrentRound);
        Assert.Equal(CampaignState.Paused, paused.State);
        Assert.Equal(CampaignState.Running, resumed.State);
        Assert.Equal(CampaignState.Stopped, stopped.State);
        Assert.Empty(await client.GetRoundsAsync(id));
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Assert.Equal(ProblemTypes.IllegalTransition, late.Type);
    }

    [Fact]
    public async Task A_duplicate_campaign_id_and_an_unknown_campaign_map_to_their_problems()
    {
        using var client = silo.NewClient();
        var id = SiloFixture.NewCampaignId();
        await client.CreateCampaignAsync(Config(id));

        var duplicate = await Assert.ThrowsAsync<OrleansFedApiException>(() => client.CreateCampaignAsync(Config(id)));
        var missing = await Assert.ThrowsAsync<OrleansFedApiException>(() => client.GetCampaignAsync("no-such-campaign"));

        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        Assert.Equal(ProblemTypes.CampaignExists, duplicate.Type);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(ProblemTypes.NotFound, missing.Type);
    }

    [Fact]
    public async Task Participant_calls_work_and_a_wrong_length_update_is_refused_with_its_problem()
    {
        using var client = silo.NewClient();
        var id = SiloFixture.NewCampaignId();
        await client.CreateCampaignAsync(Config(id));
        var alice = await client.EnrollAsync(id, new EnrollRequest { Name = "alice", SampleCount = 100 });
        await client.EnrollAsync(id, new EnrollRequest { Name = "bob", SampleCount = 100 });

        var task = await client.GetNextTaskAsync(alice, TimeSpan.FromSeconds(10));
        Assert.NotNull(task);
        var model = await client.DownloadModelAsync(alice);
        var wrong = await Assert.ThrowsAsync<OrleansFedApiException>(
            () => client.SubmitUpdateAsync(alice, new UpdateBlob(task.Round, 100, 0.5f, new float[3])));
        var forged = new ParticipantCredential(id, alice.ParticipantId, "not-the-token");
        var unauthorized = await Assert.ThrowsAsync<OrleansFedApiException>(() => client.GetNextTaskAsync(forged, TimeSpan.Zero));
        var receipt = await client.SubmitUpdateAsync(alice, new UpdateBlob(task.Round, 100, 0.5f, model.Weights));
        var again = await client.SubmitUpdateAsync(alice, new UpdateBlob(task.Round, 100, 0.5f, model.Weights));

        Assert.Equal(1, task.Round);
        Assert.Equal("logreg", task.Model);
        Assert.Equal(task.ModelVersion, model.ModelVersion);
        Assert.Equal(Model.Create(ModelSpec.LogisticRegression(), 0).ParameterCount, model.Weights.Length);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal(ProblemTypes.WrongLength, wrong.Type);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.Status);
        Assert.False(receipt.Duplicate);
        Assert.True(again.Duplicate);
    }

    [Fact]
    public async Task Two_participant_nodes_train_a_synthetic_campaign_to_completion()
    {
        using var client = silo.NewClient();
        var id = SiloFixture.NewCampaignId();
        await client.CreateCampaignAsync(Config(id, rounds: 3));
        var (train, test) = SyntheticData.Create(600, 300, 784, 10, seed: 2);
        var parts = Partitioners.Parse("iid").Split(train, 2, seed: 2);

        var runs = parts.Select((indices, i) => new ParticipantNode(
            client, train.Subset(indices), new ParticipantNodeOptions { CampaignId = id, Name = $"node-{i}", Seed = i }).RunAsync()).ToArray();
        var summaries = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(summaries, s => Assert.Equal(3, s.RoundsSubmitted));
        Assert.Equal(2, summaries.Select(s => s.ParticipantId).Distinct().Count());
        var status = await client.GetCampaignAsync(id);
        Assert.Equal(CampaignState.Completed, status.State);
        var history = await client.GetRoundsAsync(id);
        Assert.Equal([1, 2, 3], history.Select(r => r.Round));
        Assert.All(history, r => Assert.Equal(2, r.Participants));
        Assert.All(history, r => Assert.Equal(600, r.Samples));
        var final = await client.DownloadModelAsync(id);
        Assert.Equal(3, final.ModelVersion);
        var model = Model.Create(ModelSpec.LogisticRegression(), 0);
        model.LoadParameters(final.Weights.Span);
        Assert.True(LocalTrainer.Evaluate(model, test).Accuracy > 0.9);
    }

    [Fact]
    public async Task Stopping_a_campaign_ends_a_waiting_participant_loop()
    {
        using var client = silo.NewClient();
        var id = SiloFixture.NewCampaignId();
        await client.CreateCampaignAsync(Config(id, minEnrolled: 2));
        var data = SyntheticData.Create(50, 0, 784, 10, seed: 1).Train;
        var node = new ParticipantNode(client, data, new ParticipantNodeOptions { CampaignId = id, Name = "lonely", PollWait = TimeSpan.FromSeconds(2) });

        var run = node.RunAsync();
        await WaitUntilAsync(async () => (await client.GetCampaignAsync(id)).Enrolled == 1);
        await client.StopCampaignAsync(id);
        var summary = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, summary.RoundsSubmitted);
        Assert.Contains("Stopped", summary.EndReason, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Condition not met within 10 s.");
    }
}
