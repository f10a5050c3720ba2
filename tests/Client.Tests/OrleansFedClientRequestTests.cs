using System.Net;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Wire;
using Xunit;

namespace OrleansFed.Client.Tests;

public sealed class OrleansFedClientRequestTests
{
    private static readonly ParticipantCredential Credential = new("c1", "p-1", "secret-token-value");

    [Fact]
    public async Task Submit_sends_the_update_as_an_octet_stream_with_the_participant_token()
    {
        var handler = new StubHandler((_, _) => StubHandler.Json(HttpStatusCode.Accepted, new SubmitReceipt { Round = 4, Accepted = true, Duplicate = true }));
        using var client = TestClients.Over(handler);

        var receipt = await client.SubmitUpdateAsync(Credential, new UpdateBlob(4, 250, 0.25f, new float[] { 0.5f, -1.5f }));

        Assert.True(receipt.Duplicate);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/v1/campaigns/c1/rounds/4/update", request.Path);
        Assert.Equal("secret-token-value", request.BearerToken);
        Assert.Equal(ApiConventions.OctetStream, request.ContentType);
        var sent = TensorWire.DecodeUpdate(request.Body);
        Assert.Equal(4, sent.Round);
        Assert.Equal(250, sent.SampleCount);
        Assert.Equal(0.25f, sent.TrainLoss);
        Assert.Equal(new[] { 0.5f, -1.5f }, sent.Weights.ToArray());
    }

    [Fact]
    public async Task Next_task_returns_null_on_no_content_and_clamps_the_wait()
    {
        var handler = new StubHandler((_, _) => new HttpResponseMessage(HttpStatusCode.NoContent));
        using var client = TestClients.Over(handler);

        var task = await client.GetNextTaskAsync(Credential, TimeSpan.FromMinutes(5));

        Assert.Null(task);
        Assert.Equal("/v1/campaigns/c1/tasks/next?waitSeconds=60", Assert.Single(handler.Requests).Path);
    }

    [Fact]
    public async Task Next_task_deserializes_the_camel_case_task()
    {
        var expected = new TrainingTask
        {
            Round = 2, Attempt = 1, ModelVersion = 1, Model = "logreg", LocalEpochs = 1, BatchSize = 32, LearningRate = 0.05f, Seed = 9,
            Deadline = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };
        var handler = new StubHandler((_, _) => StubHandler.Json(HttpStatusCode.OK, expected));
        using var client = TestClients.Over(handler);

        var task = await client.GetNextTaskAsync(Credential, TimeSpan.FromSeconds(1));

        Assert.Equal(expected, task);
    }

    [Fact]
    public async Task Model_download_decodes_the_blob()
    {
        var body = TensorWire.EncodeModel(7, new float[] { 1, 2, 3 });
        var handler = new StubHandler((_, _) => StubHandler.Bytes(body, versionHeader: 7));
        using var client = TestClients.Over(handler);

        var model = await client.DownloadModelAsync(Credential);

        Assert.Equal(7, model.ModelVersion);
        Assert.Equal(new float[] { 1, 2, 3 }, model.Weights.ToArray());
        Assert.Equal("/v1/campaigns/c1/model", Assert.Single(handler.Requests).Path);
    }

    [Fact]
    public async Task Model_download_rejects_a_version_header_that_contradicts_the_body()
    {
        var body = TensorWire.EncodeModel(7, new float[] { 1 });
        var handler = new StubHandler((_, _) => StubHandler.Bytes(body, versionHeader: 8));
        using var client = TestClients.Over(handler);

        await Assert.ThrowsAsync<InvalidDataException>(() => client.DownloadModelAsync(Credential));
    }

    [Fact]
    public async Task Model_download_rejects_a_malformed_body()
    {
        var handler = new StubHandler((_, _) => StubHandler.Bytes("OFX1garbage-garbage"u8.ToArray()));
        using var client = TestClients.Over(handler);

        await Assert.ThrowsAsync<InvalidDataException>(() => client.DownloadModelAsync(Credential));
    }

    [Fact]
    public async Task Admin_calls_carry_the_admin_token_and_participant_calls_do_not()
    {
        var handler = new StubHandler((r, _) => r.Path.EndsWith("/stop", StringComparison.Ordinal)
            ? StubHandler.Json(HttpStatusCode.OK, new CampaignStatus { Id = "c1", Config = new CampaignConfig { Model = "mlp", Rounds = 1 }, State = CampaignState.Stopped })
            : new HttpResponseMessage(HttpStatusCode.NoContent));
        using var client = TestClients.Over(handler, adminToken: "admin-secret");

        var status = await client.StopCampaignAsync("c1");
        await client.GetNextTaskAsync(Credential, TimeSpan.Zero);

        Assert.Equal(CampaignState.Stopped, status.State);
        Assert.Equal("admin-secret", handler.Requests[0].BearerToken);
        Assert.Equal(HttpMethod.Post, handler.Requests[0].Method);
        Assert.Equal("secret-token-value", handler.Requests[1].BearerToken);
    }

    [Fact]
    public async Task Create_campaign_posts_camel_case_json()
    {
        var handler = new StubHandler((_, _) => StubHandler.Json(
            HttpStatusCode.Created, new CampaignStatus { Id = "x", Config = new CampaignConfig { Model = "logreg", Rounds = 3 }, State = CampaignState.Created }));
        using var client = TestClients.Over(handler);

        await client.CreateCampaignAsync(new CampaignConfig { Id = "x", Model = "logreg", Rounds = 3, MinEnrolled = 4 });

        var request = Assert.Single(handler.Requests);
        var json = System.Text.Encoding.UTF8.GetString(request.Body);
        Assert.Contains("\"model\":\"logreg\"", json, StringComparison.Ordinal);
        Assert.Contains("\"minEnrolled\":4", json, StringComparison.Ordinal);
        Assert.Equal("/v1/campaigns", request.Path);
    }

    [Fact]
    public void A_credential_never_prints_its_token()
    {
        var text = Credential.ToString();

        Assert.Contains("p-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-value", text, StringComparison.Ordinal);
    }
}
