using System.Net;
using System.Net.Http.Json;
using System.Text;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Silo.Tests;

/// <summary><c>aggregator</c>, <c>sampleFraction</c> and <c>privacyBudget</c> in <c>POST /v1/campaigns</c> as a client sees them.</summary>
public sealed class AggregatorConfigTests : IAsyncLifetime
{
    private RunningSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await RunningSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Theory]
    [InlineData("krum", "Unknown aggregator 'krum'")]
    [InlineData("trimmed-mean:0.6", "beta must be in [0, 0.5), got 0.6.")]
    [InlineData("multi-krum:f=1,f=2", "parameter 'f' is given twice")]
    [InlineData("median:3", "takes no positional value")]
    [InlineData("norm-bound", "norm-bound")]
    [InlineData("fedadam:eta=-1", "eta")]
    public async Task Malformed_aggregator_spec_is_400_invalid_request_and_creates_nothing(string spec, string detail)
    {
        var body = $$"""{"id":"bad-agg","model":"logreg","rounds":1,"aggregator":"{{spec}}"}""";

        var response = await _silo.Http.PostAsync("/v1/campaigns", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        var text = problem.GetProperty("detail").GetString();
        Assert.Contains("aggregator must be a valid spec", text, StringComparison.Ordinal);
        Assert.Contains(detail, text, StringComparison.Ordinal);
        Assert.Empty((await _silo.Http.GetFromJsonAsync<CampaignStatus[]>("/v1/campaigns", RunningSilo.Json))!);
        Assert.Equal(HttpStatusCode.NotFound, (await _silo.Http.GetAsync("/v1/campaigns/bad-agg")).StatusCode);
    }

    [Fact]
    public async Task Multi_krum_with_too_few_min_participants_is_400_and_names_the_minimum()
    {
        var response = await _silo.Http.PostAsJsonAsync(
            "/v1/campaigns", new { id = "krum", model = "logreg", rounds = 1, minParticipants = 6, aggregator = "multi-krum:f=2,m=5" }, RunningSilo.Json);

        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Contains("minParticipants must be at least 7", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await _silo.Http.GetFromJsonAsync<CampaignStatus[]>("/v1/campaigns", RunningSilo.Json))!);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("-0.2")]
    public async Task Sample_fraction_outside_zero_to_one_is_400_and_creates_nothing(string fraction)
    {
        var body = $$"""{"model":"logreg","rounds":1,"sampleFraction":{{fraction}}}""";

        var response = await _silo.Http.PostAsync("/v1/campaigns", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Contains("sampleFraction must be in (0, 1]", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await _silo.Http.GetFromJsonAsync<CampaignStatus[]>("/v1/campaigns", RunningSilo.Json))!);
    }

    [Fact]
    public async Task Valid_spec_is_stored_and_shown_in_canonical_form_with_the_other_new_fields()
    {
        var response = await _silo.Http.PostAsJsonAsync("/v1/campaigns", new
        {
            id = "robust",
            model = "logreg",
            rounds = 2,
            minParticipants = 3,
            aggregator = "Trimmed-Mean:0.1",
            sampleFraction = 0.5,
            privacyBudget = new { epsilon = 3.0, delta = 1e-5 },
        }, RunningSilo.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var json = await _silo.Http.GetStringAsync("/v1/campaigns/robust");

        Assert.Contains("\"aggregator\":\"trimmed-mean:beta=0.1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"sampleFraction\":0.5", json, StringComparison.Ordinal);
        Assert.Contains("\"privacyBudget\":{\"epsilon\":3,\"delta\":1E-05,\"accountant\":\"rdp\"}", json, StringComparison.Ordinal);
    }
}
