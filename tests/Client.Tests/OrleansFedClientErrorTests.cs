using System.Net;
using System.Net.Sockets;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Wire;
using Xunit;

namespace OrleansFed.Client.Tests;

public sealed class OrleansFedClientErrorTests
{
    private static readonly ParticipantCredential Credential = new("c1", "p-1", "secret-token-value");

    private static UpdateBlob Update() => new(3, 100, 0.5f, new float[] { 1, 2, 3 });

    [Fact]
    public async Task Wrong_length_problem_maps_to_precise_exception_and_is_not_retried()
    {
        var handler = new StubHandler((_, _) => StubHandler.Problem(
            HttpStatusCode.BadRequest, ProblemTypes.WrongLength, "Wrong tensor length", "expected 7850 weights, got 3"));
        using var client = TestClients.Over(handler);

        var ex = await Assert.ThrowsAsync<OrleansFedApiException>(() => client.SubmitUpdateAsync(Credential, Update()));

        Assert.Equal(HttpStatusCode.BadRequest, ex.Status);
        Assert.Equal(ProblemTypes.WrongLength, ex.Type);
        Assert.Equal("Wrong tensor length", ex.Title);
        Assert.Equal("expected 7850 weights, got 3", ex.Detail);
        Assert.False(ex.IsTransient);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden, ProblemTypes.NotSelected)]
    [InlineData(HttpStatusCode.Conflict, ProblemTypes.RoundClosed)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge)]
    [InlineData(HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType)]
    public async Task Client_errors_are_never_retried(HttpStatusCode status, string type)
    {
        var handler = new StubHandler((_, _) => StubHandler.Problem(status, type, "refused"));
        using var client = TestClients.Over(handler, maxRetries: 5);

        var ex = await Assert.ThrowsAsync<OrleansFedApiException>(() => client.SubmitUpdateAsync(Credential, Update()));

        Assert.Equal(status, ex.Status);
        Assert.Equal(type, ex.Type);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Transient_statuses_are_retried_until_success(HttpStatusCode status)
    {
        var receipt = new SubmitReceipt { Round = 3, Accepted = true, Duplicate = false };
        var handler = new StubHandler((_, i) => i < 2
            ? StubHandler.Problem(status, ProblemTypes.Internal, "transient")
            : StubHandler.Json(HttpStatusCode.Accepted, receipt));
        using var client = TestClients.Over(handler, maxRetries: 3);

        var result = await client.SubmitUpdateAsync(Credential, Update());

        Assert.Equal(receipt, result);
        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal(HttpMethod.Put, r.Method));
    }

    [Fact]
    public async Task Server_errors_beyond_the_retry_budget_surface_as_a_transient_api_exception()
    {
        var handler = new StubHandler((_, _) => StubHandler.Problem(HttpStatusCode.InternalServerError, ProblemTypes.Internal, "boom"));
        using var client = TestClients.Over(handler, maxRetries: 2);

        var ex = await Assert.ThrowsAsync<OrleansFedApiException>(() => client.GetCampaignAsync("c1"));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.Status);
        Assert.True(ex.IsTransient);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Connection_refused_is_retried_even_for_a_non_idempotent_enroll()
    {
        var enrollment = new Enrollment { ParticipantId = "p-7", Token = "tok" };
        var handler = new StubHandler((_, i) => i == 0
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused))
            : StubHandler.Json(HttpStatusCode.Created, enrollment));
        using var client = TestClients.Over(handler);

        var credential = await client.EnrollAsync("c1", new EnrollRequest { Name = "n", SampleCount = 10 });

        Assert.Equal(new ParticipantCredential("c1", "p-7", "tok"), credential);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_500_on_enroll_is_not_retried_because_the_enrollment_may_have_happened()
    {
        var handler = new StubHandler((_, _) => StubHandler.Problem(HttpStatusCode.InternalServerError, ProblemTypes.Internal, "boom"));
        using var client = TestClients.Over(handler);

        var ex = await Assert.ThrowsAsync<OrleansFedApiException>(
            () => client.EnrollAsync("c1", new EnrollRequest { Name = "n", SampleCount = 10 }));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.Status);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_reset_connection_is_retried_for_idempotent_calls()
    {
        var handler = new StubHandler((_, i) => i == 0
            ? throw new HttpRequestException(HttpRequestError.ResponseEnded, "reset", new IOException("connection reset"))
            : StubHandler.Json(HttpStatusCode.OK, Array.Empty<RoundRecord>()));
        using var client = TestClients.Over(handler);

        var rounds = await client.GetRoundsAsync("c1");

        Assert.Empty(rounds);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Gone_maps_to_campaign_ended()
    {
        var handler = new StubHandler((_, _) => StubHandler.Problem(HttpStatusCode.Gone, ProblemTypes.CampaignEnded, "Campaign ended", "completed"));
        using var client = TestClients.Over(handler);

        var ex = await Assert.ThrowsAsync<CampaignEndedException>(() => client.GetNextTaskAsync(Credential, TimeSpan.FromSeconds(5)));

        Assert.Equal(HttpStatusCode.Gone, ex.Status);
        Assert.Equal("completed", ex.Detail);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task An_error_without_a_problem_body_falls_back_to_the_status_line()
    {
        var handler = new StubHandler((_, _) => new HttpResponseMessage(HttpStatusCode.NotFound) { ReasonPhrase = "Not Found" });
        using var client = TestClients.Over(handler);

        var ex = await Assert.ThrowsAsync<OrleansFedApiException>(() => client.GetCampaignAsync("nope"));

        Assert.Equal(HttpStatusCode.NotFound, ex.Status);
        Assert.Equal(OrleansFedApiException.AboutBlank, ex.Type);
        Assert.Equal("Not Found", ex.Title);
        Assert.Null(ex.Detail);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_retried()
    {
        using var cts = new CancellationTokenSource();
        var handler = new StubHandler((_, _) =>
        {
            cts.Cancel();
            throw new TaskCanceledException();
        });
        using var client = TestClients.Over(handler, maxRetries: 5);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetCampaignAsync("c1", cts.Token));

        Assert.Single(handler.Requests);
    }
}
