using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Silo.Tests;

public sealed class AdminApiTests : IAsyncLifetime
{
    private RunningSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await RunningSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Healthz_answers_ok()
    {
        var response = await _silo.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"status\":\"ok\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Create_returns_201_with_location_and_camel_case_status_with_enum_names()
    {
        var response = await _silo.Http.PostAsJsonAsync("/v1/campaigns", new { id = "mnist-1", model = "logreg", rounds = 3 }, RunningSilo.Json);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/v1/campaigns/mnist-1", response.Headers.Location?.OriginalString);
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"state\":\"Created\"", json, StringComparison.Ordinal);
        Assert.Contains("\"minParticipants\":2", json, StringComparison.Ordinal);
        var status = await _silo.Http.GetFromJsonAsync<CampaignStatus>("/v1/campaigns/mnist-1", RunningSilo.Json);
        Assert.Equal(3, status!.Config.Rounds);
        Assert.Equal(0, status.ModelVersion);
    }

    [Fact]
    public async Task Create_without_id_generates_one_and_list_returns_all_campaigns()
    {
        var response = await _silo.Http.PostAsJsonAsync("/v1/campaigns", new { model = "logreg", rounds = 1 }, RunningSilo.Json);
        var created = await response.Content.ReadFromJsonAsync<CampaignStatus>(RunningSilo.Json);
        await _silo.CreateCampaignAsync("second");

        var list = await _silo.Http.GetFromJsonAsync<CampaignStatus[]>("/v1/campaigns", RunningSilo.Json);

        Assert.Matches("^c-[0-9a-f]{12}$", created!.Id);
        Assert.Equal(new[] { created.Id, "second" }, list!.Select(c => c.Id));
    }

    [Fact]
    public async Task Duplicate_id_is_409_campaign_exists()
    {
        await _silo.CreateCampaignAsync("dup");
        var response = await _silo.Http.PostAsJsonAsync("/v1/campaigns", new { id = "dup", model = "logreg", rounds = 1 }, RunningSilo.Json);
        await Problems.AssertAsync(response, HttpStatusCode.Conflict, ProblemTypes.CampaignExists);
    }

    [Theory]
    [InlineData("{\"model\":\"logreg\",\"rounds\":0}", "rounds must be")]
    [InlineData("{\"model\":\"vgg\",\"rounds\":1}", "model must be")]
    [InlineData("{\"id\":\"Bad Id\",\"model\":\"logreg\",\"rounds\":1}", "id must match")]
    [InlineData("{\"model\":\"logreg\",\"rounds\":1,\"minParticipant\":3}", "minParticipant")]
    [InlineData("{\"model\":\"logreg\",\"rounds\":", "JSON body is invalid")]
    [InlineData("[1,2]", "JSON body is invalid")]
    [InlineData("null", "JSON null")]
    [InlineData("", "empty")]
    public async Task Invalid_configuration_or_json_is_400_invalid_request(string body, string detail)
    {
        var response = await _silo.Http.PostAsync("/v1/campaigns", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await _silo.Http.GetFromJsonAsync<CampaignStatus[]>("/v1/campaigns", RunningSilo.Json))!);
    }

    [Fact]
    public async Task Json_body_over_the_json_limit_is_413()
    {
        var padding = new string(' ', (int)Hosting.SiloOptions.DefaultMaxJsonBytes);
        var body = "{\"model\":\"logreg\",\"rounds\":1" + padding + "}";

        var response = await _silo.Http.PostAsync("/v1/campaigns", new StringContent(body, Encoding.UTF8, "application/json"));

        await Problems.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
        Assert.Empty((await _silo.Http.GetFromJsonAsync<CampaignStatus[]>("/v1/campaigns", RunningSilo.Json))!);
    }

    [Fact]
    public async Task Non_json_content_type_is_415()
    {
        var response = await _silo.Http.PostAsync("/v1/campaigns", new StringContent("{\"model\":\"logreg\",\"rounds\":1}", Encoding.UTF8, "text/plain"));
        await Problems.AssertAsync(response, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
    }

    [Fact]
    public async Task Unknown_campaign_route_and_method_are_problem_responses()
    {
        await Problems.AssertAsync(await _silo.Http.GetAsync("/v1/campaigns/nope"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await Problems.AssertAsync(await _silo.Http.GetAsync("/v1/campaigns/NOT_VALID"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await Problems.AssertAsync(await _silo.Http.PostAsync("/v1/campaigns/nope/pause", null), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await Problems.AssertAsync(await _silo.Http.GetAsync("/v1/campaigns/nope/rounds"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await Problems.AssertAsync(await _silo.Http.GetAsync("/no/such/route"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await Problems.AssertAsync(await _silo.Http.DeleteAsync("/v1/campaigns"), HttpStatusCode.MethodNotAllowed, ProblemTypes.MethodNotAllowed);
    }

    [Fact]
    public async Task Pause_resume_stop_return_status_and_illegal_transitions_are_409()
    {
        await _silo.CreateCampaignAsync("life");
        await Problems.AssertAsync(await _silo.Http.PostAsync("/v1/campaigns/life/pause", null), HttpStatusCode.Conflict, ProblemTypes.IllegalTransition);
        await _silo.EnrollAsync("life", "a");
        await _silo.EnrollAsync("life", "b");

        var paused = await (await _silo.Http.PostAsync("/v1/campaigns/life/pause", null)).Content.ReadFromJsonAsync<CampaignStatus>(RunningSilo.Json);
        var resumed = await (await _silo.Http.PostAsync("/v1/campaigns/life/resume", null)).Content.ReadFromJsonAsync<CampaignStatus>(RunningSilo.Json);
        var stopped = await (await _silo.Http.PostAsync("/v1/campaigns/life/stop", null)).Content.ReadFromJsonAsync<CampaignStatus>(RunningSilo.Json);

        Assert.Equal(CampaignState.Paused, paused!.State);
        Assert.Equal(CampaignState.Running, resumed!.State);
        Assert.Equal(CampaignState.Stopped, stopped!.State);
        await Problems.AssertAsync(await _silo.Http.PostAsync("/v1/campaigns/life/resume", null), HttpStatusCode.Conflict, ProblemTypes.IllegalTransition);
    }

    [Fact]
    public async Task Bad_wait_seconds_and_enrollment_are_400()
    {
        await _silo.CreateCampaignAsync("poll");
        var enrollment = await _silo.EnrollAsync("poll", "a");

        await Problems.AssertAsync(await _silo.GetAsync("/v1/campaigns/poll/tasks/next?waitSeconds=61", enrollment.Token),
            HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        await Problems.AssertAsync(await _silo.GetAsync("/v1/campaigns/poll/tasks/next?waitSeconds=abc", enrollment.Token),
            HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        await Problems.AssertAsync(await _silo.Http.PostAsJsonAsync("/v1/campaigns/poll/participants", new { name = "x", sampleCount = 0 }, RunningSilo.Json),
            HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        await Problems.AssertAsync(await _silo.Http.PostAsJsonAsync("/v1/campaigns/poll/participants", new { sampleCount = 5 }, RunningSilo.Json),
            HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
    }
}

public sealed class AdminTokenTests : IAsyncLifetime
{
    private const string AdminToken = "admin-secret-0123456789";
    private RunningSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await RunningSilo.StartAsync(o => o.AdminToken = AdminToken);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Admin_endpoints_require_the_admin_token_when_one_is_configured()
    {
        var anonymous = await _silo.Http.GetAsync("/v1/campaigns");
        await Problems.AssertAsync(anonymous, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        await Problems.AssertAsync(await _silo.GetAsync("/v1/campaigns", "wrong-token-wrong-token"), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);

        _silo.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        await _silo.CreateCampaignAsync("guarded");
        Assert.Equal(HttpStatusCode.OK, (await _silo.Http.GetAsync("/v1/campaigns/guarded")).StatusCode);

        // Participants enroll without the admin token, and their token cannot be used for admin endpoints.
        _silo.Http.DefaultRequestHeaders.Authorization = null;
        var enrollment = await _silo.EnrollAsync("guarded", "a");
        await Problems.AssertAsync(await _silo.GetAsync("/v1/campaigns/guarded", enrollment.Token), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await _silo.GetAsync("/v1/campaigns/guarded/model", enrollment.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _silo.GetAsync("/v1/campaigns/guarded/model", AdminToken)).StatusCode);
        await Problems.AssertAsync(await _silo.GetAsync("/v1/campaigns/guarded/model"), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
    }
}
