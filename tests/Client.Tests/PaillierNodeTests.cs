using OrleansFed.Client.Participant;
using OrleansFed.Interfaces.Api;
using OrleansFed.Learning;
using Xunit;

namespace OrleansFed.Client.Tests;

/// <summary>Participant nodes running a <c>paillier</c> campaign against a real silo (insecure 512-bit test keys).</summary>
public sealed class PaillierNodeTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CampaignConfig Config(string id, string? privacy) => new()
    {
        Id = id, Model = "logreg", Rounds = 2, MinParticipants = 3, MinEnrolled = 3, BatchSize = 32,
        LearningRate = 0.05f, RoundTimeoutSeconds = 60, Seed = 11, Privacy = privacy,
    };

    [Fact]
    public async Task Paillier_nodes_reach_the_same_model_as_plain_fedavg_to_fixed_point_precision()
    {
        using var client = silo.NewClient();
        var (train, _) = SyntheticData.Create(900, 0, 784, 10, seed: 2);
        var parts = Partitioners.Parse("sizes:100,500,300").Split(train, 3, seed: 2);
        var models = new List<float[]>();
        foreach (var privacy in new[] { "paillier:bits=512,test-keys=true", null })
        {
            var id = SiloFixture.NewCampaignId();
            await client.CreateCampaignAsync(Config(id, privacy));
            var runs = new List<Task<ParticipantRunSummary>>();
            for (var i = 0; i < parts.Length; i++)
            {
                var node = new ParticipantNode(client, train.Subset(parts[i]), new ParticipantNodeOptions
                {
                    CampaignId = id, Name = $"node-{i}", Seed = i, AllowInsecurePaillierKeys = true,
                });
                runs.Add(node.RunAsync());
                if (i == 0)
                {
                    // node-0 enrolls first, so it is the key holder.
                    await WaitUntilAsync(async () => (await client.GetCampaignAsync(id)).Enrolled == 1);
                }
            }

            var summaries = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(3));
            Assert.All(summaries, s => Assert.Equal(2, s.RoundsSubmitted));
            Assert.Equal(CampaignState.Completed, (await client.GetCampaignAsync(id)).State);
            var history = await client.GetRoundsAsync(id);
            Assert.All(history, r => Assert.Equal(900, r.Samples));
            models.Add((await client.DownloadModelAsync(id)).Weights.ToArray());
        }

        var difference = models[0].Zip(models[1], (a, b) => Math.Abs(a - b)).Max();
        Assert.True(difference <= 1e-5, $"max |paillier − plain| = {difference}");
        Assert.NotEqual(models[0], models[1]); // the fixed-point rounding is visible: not the plain path by accident
    }

    [Fact]
    public async Task A_restarted_key_holder_reloads_its_key_from_its_state_directory_and_decrypts()
    {
        using var client = silo.NewClient();
        var id = SiloFixture.NewCampaignId();
        await client.CreateCampaignAsync(Config(id, "paillier:bits=512,test-keys=true"));
        var (train, _) = SyntheticData.Create(600, 0, 784, 10, seed: 3);
        var parts = Partitioners.Parse("iid").Split(train, 3, seed: 3);
        var state = Directory.CreateTempSubdirectory("orleansfed-keyholder-");
        try
        {
            ParticipantNodeOptions Options(int i) => new()
            {
                CampaignId = id, Name = $"node-{i}", Seed = i, AllowInsecurePaillierKeys = true,
                StateDirectory = i == 0 ? state.FullName : null,
            };

            using var crash = new CancellationTokenSource();
            var holder = new ParticipantNode(client, train.Subset(parts[0]), Options(0)).RunAsync(crash.Token);
            await WaitUntilAsync(async () => (await client.GetCampaignAsync(id)).Enrolled == 1);
            var others = new[] { 1, 2 }.Select(i => new ParticipantNode(client, train.Subset(parts[i]), Options(i)).RunAsync()).ToArray();
            await WaitUntilAsync(async () => (await client.GetCampaignAsync(id)).State == CampaignState.Running);

            // The key is published only after it is on disk; the "crash" loses everything in memory.
            await crash.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => holder);
            var keyFile = Assert.Single(Directory.GetFiles(state.FullName, "paillier-key-*.json"));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            }

            var restarted = await new ParticipantNode(client, train.Subset(parts[0]), Options(0)).RunAsync().WaitAsync(TimeSpan.FromMinutes(3));
            await Task.WhenAll(others).WaitAsync(TimeSpan.FromMinutes(1));

            Assert.Equal("p1", restarted.ParticipantId);
            var status = await client.GetCampaignAsync(id);
            Assert.Equal(CampaignState.Completed, status.State);
            Assert.Equal(2, status.CompletedRounds);
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting for the campaign");
            await Task.Delay(50);
        }
    }
}
