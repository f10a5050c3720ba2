using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansFed.Grains.Campaigns;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Silo.Hosting;

namespace OrleansFed.Silo.Tests;

public sealed class HostTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleansfed-silo-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Campaign_continues_after_a_silo_restart_on_the_same_data_directory()
    {
        await Campaign_continues_after_a_restart(o => { o.Storage = StorageKind.Sqlite; o.DataDirectory = _directory; });
        Assert.True(File.Exists(Path.Combine(_directory, "orleansfed.db")));
    }

    [Fact]
    public async Task A_second_silo_on_the_same_data_directory_is_refused_until_the_first_stops()
    {
        void Sqlite(SiloOptions o)
        {
            o.Storage = StorageKind.Sqlite;
            o.DataDirectory = _directory;
        }

        await using (var first = await RunningSilo.StartAsync(Sqlite))
        {
            await first.CreateCampaignAsync("owned", rounds: 1);
            var error = await Assert.ThrowsAsync<IOException>(() => RunningSilo.StartAsync(Sqlite));
            Assert.Contains("Another silo is using the data directory", error.Message, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(_directory, "silo.lock")));
        }

        await using var next = await RunningSilo.StartAsync(Sqlite);
        var list = await next.Http.GetFromJsonAsync<CampaignStatus[]>("/v1/campaigns", RunningSilo.Json);
        Assert.Equal("owned", Assert.Single(list!).Id);
    }

    [Fact]
    public async Task Campaign_continues_after_a_silo_restart_on_the_same_postgres_schema()
    {
        using var database = new OrleansFed.Runtime.Tests.Infrastructure.PostgresTestDatabase();
        await Campaign_continues_after_a_restart(o =>
        {
            o.Storage = StorageKind.Postgres;
            o.PostgresConnectionString = database.ConnectionString;
            o.PostgresSchema = database.Schema;
        });
        Assert.False(Directory.Exists(_directory));
        Assert.Equal(
            "campaign/durable:campaign,checkpoint",
            database.Scalar($"SELECT grain_type || '/' || grain_id || ':' || string_agg(state_name, ',' ORDER BY state_name) FROM \"{database.Schema}\".grain_state WHERE grain_type = 'campaign' GROUP BY grain_type, grain_id"));
    }

    [Fact]
    public async Task A_second_silo_on_the_same_postgres_schema_stands_by_until_the_first_stops_then_serves_its_campaigns()
    {
        using var database = new OrleansFed.Runtime.Tests.Infrastructure.PostgresTestDatabase();
        void Postgres(SiloOptions o)
        {
            o.Storage = StorageKind.Postgres;
            o.PostgresConnectionString = database.ConnectionString;
            o.PostgresSchema = database.Schema;
        }

        var first = await RunningSilo.StartAsync(Postgres);
        Task<RunningSilo> standby;
        try
        {
            await first.CreateCampaignAsync("handover", rounds: 3);
            standby = RunningSilo.StartAsync(Postgres);
            await Task.Delay(OrleansFed.Runtime.PostgresSiloLease.RetryInterval * 3);
            Assert.False(standby.IsCompleted, "a second silo started serving a schema another silo holds");
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await standby.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(second.App.Services.GetRequiredService<OrleansFed.Runtime.PostgresSiloLease>().IsHeld);
        var list = await second.Http.GetFromJsonAsync<CampaignStatus[]>("/v1/campaigns", RunningSilo.Json);
        Assert.Equal("handover", Assert.Single(list!).Id);
    }

    [Fact]
    public async Task A_postgres_silo_without_a_connection_string_stops_at_start()
    {
        var builder = SiloHost.CreateBuilder(["--Silo:Storage=Postgres", "--urls=http://127.0.0.1:0"]);
        await using var app = SiloHost.Build(builder);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("ConnectionString must be set", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=x;Port=abc", "ConnectionString is not a valid Npgsql connection string")]
    [InlineData("Host=x;Schema=ignored", "ConnectionString is not a valid Npgsql connection string")]
    [InlineData("Database=d", "ConnectionString is not a valid Npgsql connection string (no Host)")]
    public async Task A_postgres_silo_with_a_bad_connection_string_stops_at_start_without_touching_the_network(string connection, string expected)
    {
        var builder = SiloHost.CreateBuilder(["--Silo:Storage=Postgres", $"--Silo:PostgresConnectionString={connection};Password=s3cr3t", "--urls=http://127.0.0.1:0"]);
        await using var app = SiloHost.Build(builder);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_postgres_silo_with_a_bad_schema_name_stops_at_start()
    {
        var builder = SiloHost.CreateBuilder(
            ["--Silo:Storage=Postgres", "--Silo:PostgresConnectionString=Host=127.0.0.1", "--Silo:PostgresSchema=Bad\"; DROP", "--urls=http://127.0.0.1:0"]);
        await using var app = SiloHost.Build(builder);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Schema must be a lower-case SQL identifier", ex.Message, StringComparison.Ordinal);
    }

    private static async Task Campaign_continues_after_a_restart(Action<SiloOptions> storage)
    {
        Enrollment a, b;
        await using (var silo = await RunningSilo.StartAsync(storage))
        {
            await silo.CreateCampaignAsync("durable", rounds: 2, minParticipants: 2);
            a = await silo.EnrollAsync("durable", "a", 1);
            b = await silo.EnrollAsync("durable", "b", 1);
            Assert.Equal(HttpStatusCode.Accepted, (await silo.UploadAsync("durable", 1, a.Token, Update(1, 2f))).StatusCode);
        }

        await using (var silo = await RunningSilo.StartAsync(storage))
        {
            var duplicate = await (await silo.UploadAsync("durable", 1, a.Token, Update(1, 2f))).Content.ReadFromJsonAsync<SubmitReceipt>(RunningSilo.Json);
            Assert.True(duplicate!.Duplicate);
            Assert.Equal(HttpStatusCode.Accepted, (await silo.UploadAsync("durable", 1, b.Token, Update(1, 4f))).StatusCode);

            var history = await silo.HistoryAsync("durable");
            Assert.Equal(2, Assert.Single(history).Participants);
            var model = TensorWire.DecodeModel(await (await silo.GetAsync("/v1/campaigns/durable/model", b.Token)).Content.ReadAsByteArrayAsync());
            Assert.All(model.Weights.ToArray(), w => Assert.Equal(3f, w));
            var list = await silo.Http.GetFromJsonAsync<CampaignStatus[]>("/v1/campaigns", RunningSilo.Json);
            Assert.Equal(2, Assert.Single(list!).CurrentRound);
        }
    }

    [Theory]
    [InlineData("LongPollMaxSeconds", "0")]
    [InlineData("MaxUpdateBytes", "10")]
    [InlineData("AdminToken", "short")]
    [InlineData("OtlpProtocol", "carrier-pigeon")]
    [InlineData("OtlpEndpoint", "not a uri")]
    [InlineData("SecProbeValidationSets:mnist:Images", "/no/such/images")]
    [InlineData("SecProbeValidationSets:mnist:Classes", "1")]
    public async Task Invalid_options_stop_the_silo_at_start(string option, string value)
    {
        var builder = SiloHost.CreateBuilder([$"--Silo:{option}={value}", "--Silo:Storage=Memory", "--urls=http://127.0.0.1:0"]);
        await using var app = SiloHost.Build(builder);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Silo:" + option, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_validation_set_name_outside_the_id_rule_stops_the_silo_at_start()
    {
        var builder = SiloHost.CreateBuilder(["--Silo:SecProbeValidationSets:Bad_Name:Classes=3", "--Silo:Storage=Memory", "--urls=http://127.0.0.1:0"]);
        await using var app = SiloHost.Build(builder);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Silo:SecProbeValidationSets:Bad_Name: the name must match", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_from_configuration_with_documented_defaults()
    {
        var builder = SiloHost.CreateBuilder(["--Silo:MaxUpdateBytes=2048", "--Silo:Storage=Memory"]);
        using var provider = builder.Services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<SiloOptions>>().Value;

        Assert.Equal(2048, options.MaxUpdateBytes);
        Assert.Equal(StorageKind.Memory, options.Storage);
        Assert.Equal("./data/silo", options.DataDirectory);
        Assert.Equal(60, options.LongPollMaxSeconds);
        Assert.Null(options.AdminToken);
    }

    [Fact]
    public async Task Unhandled_exception_is_a_500_problem_without_internal_details()
    {
        await using var silo = await RunningSilo.StartAsync(customize: b => b.Services.AddSingleton<IInitialModelFactory>(new FailingModels()));

        var response = await silo.Http.PostAsJsonAsync("/v1/campaigns", new { id = "boom", model = "logreg", rounds = 1 }, RunningSilo.Json);

        var problem = await Problems.AssertAsync(response, HttpStatusCode.InternalServerError, ProblemTypes.Internal);
        Assert.DoesNotContain("secret internal detail", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Otlp_export_starts_only_when_an_endpoint_is_configured()
    {
        await using (var silo = await RunningSilo.StartAsync(o => o.OtlpEndpoint = "http://127.0.0.1:4317"))
        {
            Assert.True(silo.App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Telemetry.OtlpExportService>().Single().Exporting);
            Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("/healthz")).StatusCode);
        }

        if (Environment.GetEnvironmentVariable(Telemetry.OtlpExportService.StandardEndpointVariable) is null)
        {
            await using var quiet = await RunningSilo.StartAsync();
            Assert.False(quiet.App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Telemetry.OtlpExportService>().Single().Exporting);
        }
    }

    private static byte[] Update(int round, float value) => TensorWire.EncodeUpdate(round, 1, 0.5f, Enumerable.Repeat(value, 7850).ToArray());

    private sealed class FailingModels : IInitialModelFactory
    {
        public bool IsKnown(string model) => true;

        public float[] Create(string model, int seed) => throw new InvalidOperationException("secret internal detail");
    }
}
