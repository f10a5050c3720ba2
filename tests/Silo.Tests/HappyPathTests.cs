using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Wire;

namespace OrleansFed.Silo.Tests;

public sealed class HappyPathTests : IAsyncLifetime
{
    private RunningSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await RunningSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Three_participants_train_two_rounds_over_http_to_the_exact_weighted_average()
    {
        await _silo.CreateCampaignAsync("happy", rounds: 2, minParticipants: 3);
        long[] samples = [100, 100, 200];
        var tokens = new string[3];
        for (var i = 0; i < 3; i++)
        {
            tokens[i] = (await _silo.EnrollAsync("happy", $"node-{i}", samples[i])).Token;
        }

        for (var round = 1; round <= 2; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                var next = await _silo.GetAsync("/v1/campaigns/happy/tasks/next?waitSeconds=5", tokens[i]);
                Assert.Equal(HttpStatusCode.OK, next.StatusCode);
                var task = await next.Content.ReadFromJsonAsync<TrainingTask>(RunningSilo.Json);
                Assert.Equal(round, task!.Round);
                Assert.Equal("logreg", task.Model);
                Assert.Equal(round - 1, task.ModelVersion);

                var download = await _silo.GetAsync("/v1/campaigns/happy/model", tokens[i]);
                Assert.Equal(ApiConventions.OctetStream, download.Content.Headers.ContentType?.MediaType);
                Assert.Equal((round - 1).ToString(CultureInfo.InvariantCulture), download.Headers.GetValues(ApiConventions.ModelVersionHeader).Single());
                var model = TensorWire.DecodeModel(await download.Content.ReadAsByteArrayAsync());

                // "Training": participant i adds i + 1 to every weight.
                var trained = model.Weights.ToArray().Select(w => w + i + 1).ToArray();
                var upload = await _silo.UploadAsync("happy", round, tokens[i], TensorWire.EncodeUpdate(round, samples[i], 1f + i, trained));
                Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
            }
        }

        // Each round adds 0.25·1 + 0.25·2 + 0.5·3 = 2.25 to the initial model.
        var initial = TensorWire.DecodeModel(await (await _silo.GetAsync("/v1/campaigns/happy/model", tokens[0])).Content.ReadAsByteArrayAsync());
        Assert.Equal(2, initial.ModelVersion);
        var history = await _silo.HistoryAsync("happy");
        Assert.Equal(new[] { 1, 2 }, history.Select(r => r.Round));
        Assert.All(history, r => Assert.Equal(CloseReason.AllSubmitted, r.CloseReason));
        Assert.All(history, r => Assert.Equal(400, r.Samples));
        Assert.All(history, r => Assert.Equal(2.25, r.TrainLoss, 6));
        var status = await _silo.Http.GetFromJsonAsync<CampaignStatus>("/v1/campaigns/happy", RunningSilo.Json);
        Assert.Equal(CampaignState.Completed, status!.State);
        Assert.Equal(2, status.CompletedRounds);
        var ended = await _silo.GetAsync("/v1/campaigns/happy/tasks/next", tokens[1]);
        await Problems.AssertAsync(ended, HttpStatusCode.Gone, ProblemTypes.CampaignEnded);
    }

    [Fact]
    public async Task Final_model_equals_initial_plus_the_weighted_shift_of_each_round()
    {
        await _silo.CreateCampaignAsync("shift", rounds: 1, minParticipants: 2);
        var a = await _silo.EnrollAsync("shift", "a", 1);
        var b = await _silo.EnrollAsync("shift", "b", 3);
        var initial = TensorWire.DecodeModel(await (await _silo.GetAsync("/v1/campaigns/shift/model", a.Token)).Content.ReadAsByteArrayAsync());
        var w0 = initial.Weights.ToArray();

        await _silo.UploadAsync("shift", 1, a.Token, TensorWire.EncodeUpdate(1, 1, 0f, w0.Select(_ => 4f).ToArray()));
        await _silo.UploadAsync("shift", 1, b.Token, TensorWire.EncodeUpdate(1, 3, 0f, w0.Select(_ => 8f).ToArray()));

        var final = TensorWire.DecodeModel(await (await _silo.GetAsync("/v1/campaigns/shift/model", a.Token)).Content.ReadAsByteArrayAsync());
        Assert.Equal(1, final.ModelVersion);
        Assert.All(final.Weights.ToArray(), w => Assert.Equal(7f, w));
    }

    [Fact]
    public async Task Long_poll_wakes_when_the_round_starts()
    {
        await _silo.CreateCampaignAsync("wake", rounds: 1, minParticipants: 2);
        var first = await _silo.EnrollAsync("wake", "a");
        Assert.Equal(HttpStatusCode.NoContent, (await _silo.GetAsync("/v1/campaigns/wake/tasks/next", first.Token)).StatusCode);

        var poll = _silo.GetAsync("/v1/campaigns/wake/tasks/next?waitSeconds=30", first.Token);
        await _silo.EnrollAsync("wake", "b");

        var response = await poll;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<TrainingTask>(RunningSilo.Json))!.Round);
    }

    [Fact]
    public async Task Rejections_and_acceptances_are_counted_in_metrics()
    {
        var meterFactory = _silo.App.Services.GetRequiredService<IMeterFactory>();
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Meter.Name.StartsWith("OrleansFed.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name;
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    key += ":" + tag.Value;
                }
            }

            lock (counts)
            {
                counts[key] = counts.GetValueOrDefault(key) + value;
            }
        });
        listener.Start();
        await _silo.CreateCampaignAsync("metrics", rounds: 1, minParticipants: 2);
        var a = await _silo.EnrollAsync("metrics", "a");
        var b = await _silo.EnrollAsync("metrics", "b");

        await _silo.UploadAsync("metrics", 1, a.Token, TensorWire.EncodeUpdate(1, 1, 0f, new float[3]));
        await _silo.UploadAsync("metrics", 1, a.Token, TensorWire.EncodeUpdate(1, 1, 0f, new float[7850]));
        await _silo.UploadAsync("metrics", 1, b.Token, TensorWire.EncodeUpdate(1, 1, 0f, new float[7850]));

        lock (counts)
        {
            Assert.Equal(1, counts.GetValueOrDefault("orleansfed-updates-rejected:wrong-length"));
            Assert.Equal(2, counts.GetValueOrDefault("orleansfed-updates-accepted"));
            Assert.Equal(1, counts.GetValueOrDefault("orleansfed-rounds-completed"));
        }
    }
}
