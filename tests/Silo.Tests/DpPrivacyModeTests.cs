using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Wire;

namespace OrleansFed.Silo.Tests;

/// <summary>The DP modes over HTTP: bad settings are 400 problem+json and create nothing; the status and the task show
/// the settings, ε and δ.</summary>
public sealed class DpPrivacyModeTests : IAsyncLifetime
{
    private RunningSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await RunningSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Theory]
    [InlineData("dp-sgd", "dp-sgd needs sigma=σ")]
    [InlineData("dp-sgd:sigma=-1", "sigma must be a positive number")]
    [InlineData("dp-sgd:sigma=1,clip=abc", "clip must be a positive number")]
    [InlineData("dp-central:sigma=1,delta=1.5", "delta must be in (0, 1)")]
    [InlineData("dp-central:sigma=1,noise=2", "unknown setting 'noise'")]
    public async Task Bad_dp_settings_are_400_and_create_nothing(string spec, string fragment)
    {
        var response = await _silo.Http.PostAsJsonAsync(
            "/v1/campaigns", new { id = "bad-dp", model = "logreg", rounds = 1, privacy = spec }, RunningSilo.Json);

        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Contains(fragment, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _silo.Http.GetAsync("/v1/campaigns/bad-dp")).StatusCode);
    }

    [Theory]
    [InlineData("dp-central:sigma=1,sampling=sometimes", null, "sampling must be poisson or fixed; got 'sometimes'")]
    [InlineData("dp-central:sigma=1", 5, "participantsPerRound (a cap on the sample) would void that analysis")]
    public async Task Bad_dp_central_sampling_is_400_and_creates_nothing(string spec, int? perRound, string fragment)
    {
        var response = await _silo.Http.PostAsJsonAsync("/v1/campaigns",
            new { id = "bad-sampling", model = "logreg", rounds = 1, sampleFraction = 0.5, participantsPerRound = perRound, privacy = spec }, RunningSilo.Json);

        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Contains(fragment, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _silo.Http.GetAsync("/v1/campaigns/bad-sampling")).StatusCode);
    }

    [Fact]
    public async Task A_dp_central_round_shows_epsilon_per_round_and_overall_with_delta_in_the_status()
    {
        var created = await _silo.Http.PostAsJsonAsync("/v1/campaigns", new
        {
            id = "central", model = "logreg", rounds = 1, minParticipants = 2, privacy = "dp-central:sigma=2,clip=0.5,delta=1e-6",
        }, RunningSilo.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var a = await _silo.EnrollAsync("central", "a");
        var b = await _silo.EnrollAsync("central", "b");

        foreach (var token in new[] { a.Token, b.Token })
        {
            var update = TensorWire.EncodeUpdate(1, 100, 0.5f, new float[7850]);
            Assert.Equal(HttpStatusCode.Accepted, (await _silo.UploadAsync("central", 1, token, update)).StatusCode);
        }

        using var status = JsonDocument.Parse(await _silo.Http.GetStringAsync("/v1/campaigns/central"));
        var root = status.RootElement;
        Assert.Equal("Completed", root.GetProperty("state").GetString());
        Assert.Equal("dp-central:sigma=2,clip=0.5,delta=1E-06,sampling=poisson", root.GetProperty("config").GetProperty("privacy").GetString());
        Assert.Equal(1e-6, root.GetProperty("delta").GetDouble());
        var epsilon = root.GetProperty("epsilon").GetDouble();
        Assert.True(epsilon > 0);
        var history = await _silo.HistoryAsync("central");
        Assert.Equal(epsilon, history[0].Epsilon);
    }

    [Fact]
    public async Task A_dp_sgd_task_carries_the_dp_settings()
    {
        var created = await _silo.Http.PostAsJsonAsync("/v1/campaigns", new
        {
            id = "sgd", model = "logreg", rounds = 1, minParticipants = 1, privacy = "dp-sgd:sigma=1.1",
        }, RunningSilo.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var a = await _silo.EnrollAsync("sgd", "a");

        var response = await _silo.GetAsync("/v1/campaigns/sgd/tasks/next", a.Token);

        var task = (await response.Content.ReadFromJsonAsync<TrainingTask>(RunningSilo.Json))!;
        Assert.Equal(new DpSgdTaskSettings { NoiseMultiplier = 1.1, ClipNorm = 1, Delta = 1e-5 }, task.DpSgd);
    }
}
