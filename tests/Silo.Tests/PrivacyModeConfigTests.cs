using System.Net;
using System.Net.Http.Json;
using System.Text;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Silo.Tests;

/// <summary><c>privacy</c> in <c>POST /v1/campaigns</c>: unknown or unavailable modes are refused and create nothing.</summary>
public sealed class PrivacyModeConfigTests : IAsyncLifetime
{
    private RunningSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await RunningSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Theory]
    [InlineData("homomorphic", "privacy must be one of: none, secagg, paillier, dp-central, dp-sgd, dp-distributed; got 'homomorphic'.")]
    [InlineData("ZK:1", "got 'zk'")]
    public async Task Unknown_privacy_mode_is_400_and_creates_nothing(string spec, string detail)
    {
        var body = $$"""{"id":"bad-privacy","model":"logreg","rounds":1,"privacy":"{{spec}}"}""";

        var response = await _silo.Http.PostAsync("/v1/campaigns", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _silo.Http.GetAsync("/v1/campaigns/bad-privacy")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("none")]
    public async Task No_privacy_mode_or_none_creates_a_plain_campaign(string? spec)
    {
        var response = await _silo.Http.PostAsJsonAsync("/v1/campaigns", new { id = "plain", model = "logreg", rounds = 1, privacy = spec }, RunningSilo.Json);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
