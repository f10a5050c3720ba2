using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Storage;

public sealed class PostgresGrainStorageTests : GrainStorageConformanceTests
{
    private readonly PostgresTestDatabase _database = new();
    private readonly List<PostgresGrainStorage> _opened = [];

    protected override IGrainStorage CreateStorage() => Open();

    public override void Dispose()
    {
        foreach (var storage in _opened)
        {
            storage.Dispose();
        }

        _database.Dispose();
        base.Dispose();
    }

    [Fact]
    public async Task State_written_by_one_instance_is_read_by_a_new_instance_on_the_same_database()
    {
        var grain = new GrainId("CampaignGrain", "c1");
        var written = new TestGrainState<ConformanceState> { State = new ConformanceState { Name = "durable", Round = 12, Weights = [0.1f, -2.5e-7f] } };
        using (var first = new PostgresGrainStorage(_database.Options()))
        {
            await first.WriteStateAsync("campaign", grain, written);
        }

        using var second = new PostgresGrainStorage(_database.Options());
        var read = new TestGrainState<ConformanceState>();
        await second.ReadStateAsync("campaign", grain, read);
        Assert.Equal("durable", read.State.Name);
        Assert.Equal(12, read.State.Round);
        Assert.Equal([0.1f, -2.5e-7f], read.State.Weights);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task The_tables_live_in_the_configured_schema_with_the_state_keyed_by_state_grain_type_and_id()
    {
        var storage = Open();
        await storage.WriteStateAsync("s", new GrainId("T", "k"), new TestGrainState<ConformanceState>());

        Assert.Equal(
            "grain_state,reminder_etag,reminders",
            _database.Scalar($"SELECT string_agg(table_name, ',' ORDER BY table_name COLLATE \"C\") FROM information_schema.tables WHERE table_schema = '{_database.Schema}'"));
        Assert.Equal(
            "state_name,grain_type,grain_id",
            _database.Scalar($"""
                SELECT string_agg(a.attname, ',' ORDER BY array_position(i.indkey, a.attnum))
                FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                WHERE i.indrelid = '"{_database.Schema}".grain_state'::regclass AND i.indisprimary
                """));
        Assert.Equal('e', _database.Scalar($"SELECT attstorage FROM pg_attribute WHERE attrelid = '\"{_database.Schema}\".grain_state'::regclass AND attname = 'payload'"));
        Assert.Equal(1L, _database.Scalar($"SELECT count(*) FROM \"{_database.Schema}\".grain_state"));
        Assert.Equal("{\"Name\":\"\",\"Round\":0,\"Weights\":[]}", _database.Scalar($"SELECT convert_from(payload, 'UTF8') FROM \"{_database.Schema}\".grain_state"));
    }

    [Fact]
    public async Task Two_instances_on_the_same_database_see_each_others_etags()
    {
        var grain = new GrainId("RoundGrain", "r");
        var a = Open();
        var b = Open();
        var stateA = new TestGrainState<ConformanceState>();
        var stateB = new TestGrainState<ConformanceState>();
        await a.ReadStateAsync("s", grain, stateA);
        await b.ReadStateAsync("s", grain, stateB);

        stateA.State.Round = 1;
        await a.WriteStateAsync("s", grain, stateA);
        stateB.State.Round = 2;
        await Assert.ThrowsAsync<InconsistentStateException>(() => b.WriteStateAsync("s", grain, stateB));

        var check = new TestGrainState<ConformanceState>();
        await b.ReadStateAsync("s", grain, check);
        Assert.Equal(1, check.State.Round);
    }

    [Fact]
    public async Task Many_instances_creating_the_schema_at_once_all_succeed()
    {
        var storages = Enumerable.Range(0, 8).Select(_ => Open()).ToList();
        await Task.WhenAll(storages.Select((s, i) =>
            s.WriteStateAsync("s", new GrainId("T", $"k{i}"), new TestGrainState<ConformanceState> { State = new ConformanceState { Round = i } })));
        Assert.Equal(8L, _database.Scalar($"SELECT count(*) FROM \"{_database.Schema}\".grain_state"));
    }

    [Fact]
    public async Task An_unreachable_server_fails_the_call_with_npgsqls_error_and_no_password_in_it()
    {
        using var storage = new PostgresGrainStorage(new PostgresStorageOptions
        {
            ConnectionString = "Host=127.0.0.1;Port=1;Username=u;Password=hunter2;Timeout=2",
            Schema = _database.Schema,
        });
        var error = await Assert.ThrowsAnyAsync<Npgsql.NpgsqlException>(
            () => storage.ReadStateAsync("s", new GrainId("T", "k"), new TestGrainState<ConformanceState>()));
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad\"; DROP SCHEMA public; --")]
    [InlineData("Upper")]
    [InlineData("")]
    public void A_schema_name_that_is_not_a_plain_identifier_is_refused_before_any_sql(string schema)
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresGrainStorage(new PostgresStorageOptions
        {
            ConnectionString = _database.ConnectionString,
            Schema = schema,
        }));
        Assert.Contains("lower-case SQL identifier", error.Message, StringComparison.Ordinal);
    }

    private PostgresGrainStorage Open()
    {
        var storage = new PostgresGrainStorage(_database.Options());
        _opened.Add(storage);
        return storage;
    }
}
