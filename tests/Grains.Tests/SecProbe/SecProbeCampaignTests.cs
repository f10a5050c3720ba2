using Microsoft.Extensions.DependencyInjection;
using OrleansFed.Grains.SecProbe;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.SecProbe;
using OrleansFed.Learning;
using OrleansFed.Learning.SecProbe;
using OrleansFed.Runtime;
using Xunit;

namespace OrleansFed.Grains.Tests.SecProbe;

/// <summary>The SecProbe campaign grain: the silo's initial weights, and recovery when a crash falls between a round's selection and the campaign's advance.</summary>
public sealed class SecProbeCampaignTests : IDisposable
{
    private const string Id = "gc";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleansfed-secprobe-grain-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, SecProbeValidationSetOptions> _sets;
    private readonly Dataset _validation;

    public SecProbeCampaignTests()
    {
        Directory.CreateDirectory(_directory);
        // Two classes on 2×2 images: class 0 bright on the diagonal, class 1 off it.
        var features = new float[120 * 4];
        var labels = new int[120];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = i % 2;
            for (int f = 0; f < 4; f++)
            {
                bool diagonal = f is 0 or 3;
                features[(i * 4) + f] = (diagonal == (labels[i] == 0) ? 200 + (i % 50) : i % 40) / 255f;
            }
        }

        _validation = new Dataset(features, labels, 4, 2);
        string images = Path.Combine(_directory, "images"), labelFile = Path.Combine(_directory, "labels");
        IdxWriter.WriteDataset(_validation, images, labelFile, rows: 2);
        _sets = new() { ["diag"] = new SecProbeValidationSetOptions { Images = images, Labels = labelFile, Classes = 2 } };
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<GrainTestHost> StartAsync(string? sqlite = null) =>
        GrainTestHost.StartAsync(sqliteDirectory: sqlite, configure: s => s.AddSecProbeCampaigns(_sets));

    /// <summary>A host on memory storage whose writes <paramref name="storage"/> can make fail.</summary>
    private Task<GrainTestHost> StartAsync(FailingStorage storage) => GrainTestHost.StartAsync(configure: s =>
    {
        s.AddSecProbeCampaigns(_sets);
        s.AddKeyedSingleton<IGrainStorage>(PersistentStateAttribute.DefaultStorageName, (_, _) => storage);
    });

    private static SecProbeCampaignSpec Spec(int pretrainEpochs = 3) => new()
    {
        ValidationSet = "diag",
        Rounds = 2,
        Accept = 2,
        Select = 2,
        ParticipantEpsilon = 1,
        Hidden = 3,
        PretrainEpochs = pretrainEpochs,
        Seed = 4,
    };

    [Fact]
    public async Task The_initial_weights_are_the_seeded_network_with_the_hidden_layer_pretrained_on_the_validation_set_and_a_zero_output_layer()
    {
        await using var host = await StartAsync();
        var campaign = host.Grains.GetGrain<ISecProbeCampaignGrain>(SecProbeKeys.Campaign(Id));
        await campaign.ConfigureAsync(Spec());
        var initial = (await campaign.GetModelAsync()).Weights.ToArray();

        var network = new SecProbeNetwork(4, 3, 2, SecProbeNetwork.UnitL1FeatureScale(3));
        var expected = network.Initialize(4);
        SiloPretraining.TrainHiddenLayer(network, expected, _validation, 3, SiloPretraining.DefaultLearningRate, 4);
        Assert.Equal(expected, initial);
        Assert.All(initial[network.OutputOffset..], w => Assert.Equal(0f, w));
        Assert.NotEqual(network.Initialize(4)[..network.OutputOffset], initial[..network.OutputOffset]);

        // Round 1 starts from exactly these weights; the view describes the network.
        var round = await host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round(Id, 1)).GetStatusAsync();
        Assert.Equal(initial, round.GlobalWeights);
        var view = await campaign.GetRoundAsync();
        Assert.Equal((4, 3, 2, 0.25), (view.Inputs, view.Hidden, view.Outputs, view.FeatureScale));
    }

    [Fact]
    public async Task A_round_that_selected_before_the_campaign_advanced_is_taken_up_after_a_restart()
    {
        string sqlite = Path.Combine(_directory, "sqlite");
        float[] initial;
        await using (var host = await StartAsync(sqlite))
        {
            var campaign = host.Grains.GetGrain<ISecProbeCampaignGrain>(SecProbeKeys.Campaign(Id));
            await campaign.ConfigureAsync(Spec());
            initial = (await campaign.GetModelAsync()).Weights.ToArray();

            // The uploads reach the round directly, as if the silo died after the round's write and before the campaign's.
            var round = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round(Id, 1));
            var a = (float[])initial.Clone();
            var b = (float[])initial.Clone();
            a[^1] = 2f;
            b[^1] = 4f;
            await round.UploadAsync("p1", a);
            await round.UploadAsync("p2", b);
        }

        await using (var host = await StartAsync(sqlite))
        {
            var campaign = host.Grains.GetGrain<ISecProbeCampaignGrain>(SecProbeKeys.Campaign(Id));
            var view = await campaign.GetRoundAsync();
            Assert.Equal((SecProbeRoundView.Collecting, 2, 0), (view.Phase, view.Round, view.Accepted));
            var model = await campaign.GetModelAsync();
            Assert.Equal(1, model.ModelVersion);
            Assert.Equal(3f, model.Weights.Span[^1]);  // K = M = 2: the mean of 2 and 4
            Assert.Equal(initial[..^1], model.Weights.ToArray()[..^1]);
            var round2 = await host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round(Id, 2)).GetStatusAsync();
            Assert.Equal(model.Weights.ToArray(), round2.GlobalWeights);
            var status = await campaign.GetStatusAsync();
            Assert.Equal(["p1", "p2"], Assert.Single(status.History).Accepted.ToArray());
        }
    }

    [Fact]
    public async Task A_failed_campaign_write_after_the_selection_is_not_acknowledged_and_the_next_call_takes_the_round_up()
    {
        var storage = new FailingStorage(new MemoryGrainStorage());
        await using var host = await StartAsync(storage);
        var campaign = host.Grains.GetGrain<ISecProbeCampaignGrain>(SecProbeKeys.Campaign(Id));
        await campaign.ConfigureAsync(Spec());
        var initial = (await campaign.GetModelAsync()).Weights.ToArray();
        var second = (float[])initial.Clone();
        second[^1] = 6f;
        Assert.True((await campaign.UploadAsync("p1", 1, initial)).Accepted);

        // The round selects and writes; the campaign's own write then fails: the M-th upload is not acknowledged.
        storage.FailNextWriteOf = "secprobe-campaign";
        await Assert.ThrowsAsync<IOException>(() => campaign.UploadAsync("p2", 1, second));

        // A fresh activation reads round 1 from storage, finds its stored selection and moves on; p2's retry gets its receipt.
        var view = await campaign.GetRoundAsync();
        Assert.Equal((2, 0), (view.Round, view.Accepted));
        Assert.Equal(new SecProbeUploadReceipt(true, 2, false), await campaign.UploadAsync("p2", 1, second));
        var model = await campaign.GetModelAsync();
        Assert.Equal(1, model.ModelVersion);
        Assert.Equal(3f, model.Weights.Span[^1]);  // K = M = 2: the mean of 0 and 6
        Assert.Equal(new SecProbeUploadReceipt(true, 1, false), await campaign.UploadAsync("p1", 2, model.Weights.ToArray()));
        Assert.Single((await campaign.GetStatusAsync()).History);
    }

    [Fact]
    public async Task A_stop_whose_round_close_failed_closes_the_round_on_the_next_call()
    {
        var storage = new FailingStorage(new MemoryGrainStorage());
        await using var host = await StartAsync(storage);
        var campaign = host.Grains.GetGrain<ISecProbeCampaignGrain>(SecProbeKeys.Campaign(Id));
        await campaign.ConfigureAsync(Spec());
        var initial = (await campaign.GetModelAsync()).Weights.ToArray();

        // The campaign's stop is durable, the round's close is not (a crash in between).
        storage.FailNextWriteOf = "secprobe";
        await Assert.ThrowsAsync<IOException>(() => campaign.StopAsync());

        // The grain is still active and still knows it stopped; the next call closes the round, so no upload is taken.
        Assert.Equal(SecProbeRoundView.Stopped, (await campaign.GetRoundAsync()).Phase);
        Assert.Equal(new SecProbeUploadReceipt(false, 0, true), await campaign.UploadAsync("p1", 1, initial));
        Assert.Equal(SecProbeRoundStatus.Closed, (await host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round(Id, 1)).GetStatusAsync()).Phase);
        Assert.Equal(SecProbeRoundView.Stopped, (await campaign.StopAsync()).Current.Phase);
    }

    [Fact]
    public async Task A_finished_round_drops_its_weights_once_the_campaign_has_moved_on_and_still_answers_uploads()
    {
        await using var host = await StartAsync();
        var campaign = host.Grains.GetGrain<ISecProbeCampaignGrain>(SecProbeKeys.Campaign(Id));
        await campaign.ConfigureAsync(Spec());
        var initial = (await campaign.GetModelAsync()).Weights.ToArray();
        var other = (float[])initial.Clone();
        other[^1] = 2f;
        await campaign.UploadAsync("p1", 1, initial);
        await campaign.UploadAsync("p2", 1, other);

        var round1 = host.Grains.GetGrain<ISecProbeRoundGrain>(SecProbeKeys.Round(Id, 1));
        var status = await round1.GetStatusAsync();
        var result = (await round1.GetResultAsync())!;
        Assert.Equal((SecProbeRoundStatus.Selected, 0), (status.Phase, status.GlobalWeights.Length));
        Assert.Empty(result.NewGlobalWeights);
        Assert.Empty(result.AllAcceptedAverage);
        Assert.Equal(["p1", "p2"], result.Accepted.ToArray());
        Assert.Equal(2, result.Scores.Length);

        // The campaign keeps the model; the round still answers: a retry gets its receipt, a latecomer stop.
        Assert.Equal(1f, (await campaign.GetModelAsync()).Weights.Span[^1]);
        Assert.Equal(new SecProbeUploadReceipt(true, 2, false), await campaign.UploadAsync("p2", 1, other));
        Assert.Equal(new SecProbeUploadReceipt(false, 0, true), await campaign.UploadAsync("p3", 1, other));
    }

    [Fact]
    public async Task Calls_before_configuration_and_enrollment_with_a_bad_name_are_refused()
    {
        await using var host = await StartAsync();
        var campaign = host.Grains.GetGrain<ISecProbeCampaignGrain>(SecProbeKeys.Campaign(Id));
        await Assert.ThrowsAsync<CampaignNotFoundException>(() => campaign.GetRoundAsync());
        await Assert.ThrowsAsync<CampaignNotFoundException>(() => campaign.UploadAsync("p1", 1, [0f]));
        await Assert.ThrowsAsync<CampaignNotFoundException>(() => campaign.EnrollAsync(new() { Name = "a", SampleCount = 1 }));
        await campaign.ConfigureAsync(Spec());
        await Assert.ThrowsAsync<InvalidRequestException>(() => campaign.EnrollAsync(new() { Name = " ", SampleCount = 1 }));
        await Assert.ThrowsAsync<InvalidRequestException>(() => campaign.EnrollAsync(new() { Name = "a", SampleCount = 0 }));
        Assert.Equal("p1", (await campaign.EnrollAsync(new() { Name = "a", SampleCount = 1 })).ParticipantId);
        await Assert.ThrowsAsync<WrongLengthException>(() => campaign.UploadAsync("p1", 1, [0f]));
        await Assert.ThrowsAsync<InvalidRequestException>(() => campaign.UploadAsync("not an id", 1, new float[26]));
        Assert.Equal(0, (await campaign.GetRoundAsync()).Accepted);
    }

    [Fact]
    public void Validation_sets_load_from_idx_with_their_limit_and_bad_files_or_names_are_refused()
    {
        var sets = new SecProbeValidationSets(_sets);
        Assert.Equal(["diag"], sets.Names);
        var loaded = sets.Get("diag");
        Assert.Equal((120, 4, 2), (loaded.Count, loaded.FeatureCount, loaded.ClassCount));
        Assert.Equal(_validation.Features(7).ToArray(), loaded.Features(7).ToArray());
        Assert.Same(loaded, sets.Get("diag"));
        var unknown = Assert.Throws<InvalidRequestException>(() => sets.Get("mnist"));
        Assert.Contains("this silo has: diag", unknown.Message);

        var source = _sets["diag"];
        Assert.Equal(10, SecProbeValidationSets.Load(new SecProbeValidationSetOptions { Images = source.Images, Labels = source.Labels, Count = 10, Classes = 2 }).Count);
        // Label 1 is not below one class; a label file of another length does not match the images.
        Assert.Throws<InvalidDataException>(() => SecProbeValidationSets.Load(new SecProbeValidationSetOptions { Images = source.Images, Labels = source.Labels, Classes = 1 }));
        string shortLabels = Path.Combine(_directory, "short-labels");
        IdxWriter.WriteLabels(shortLabels, [0, 1, 0]);
        Assert.Throws<InvalidDataException>(() => SecProbeValidationSets.Load(new SecProbeValidationSetOptions { Images = source.Images, Labels = shortLabels, Classes = 2 }));
        Assert.Throws<InvalidDataException>(() => SecProbeValidationSets.Load(new SecProbeValidationSetOptions { Images = source.Labels, Labels = source.Labels, Classes = 2 }));
    }
}
