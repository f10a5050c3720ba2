using Microsoft.Data.Sqlite;
using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Storage;

public sealed class SqliteGrainStorageTests : GrainStorageConformanceTests
{
    private readonly TempDirectory _directory = new();
    private readonly List<SqliteGrainStorage> _opened = [];

    protected override IGrainStorage CreateStorage() => Open();

    public override void Dispose()
    {
        foreach (var storage in _opened)
        {
            storage.Dispose();
        }

        _directory.Dispose();
        base.Dispose();
    }

    [Fact]
    public async Task State_written_by_one_instance_is_read_by_a_new_instance_on_the_same_file()
    {
        var grain = new GrainId("CampaignGrain", "c1");
        var written = new TestGrainState<ConformanceState> { State = new ConformanceState { Name = "durable", Round = 12 } };
        using (var first = new SqliteGrainStorage(Options()))
        {
            await first.WriteStateAsync("campaign", grain, written);
        }

        using var second = new SqliteGrainStorage(Options());
        var read = new TestGrainState<ConformanceState>();
        await second.ReadStateAsync("campaign", grain, read);
        Assert.Equal("durable", read.State.Name);
        Assert.Equal(12, read.State.Round);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task The_database_is_one_file_in_wal_mode_with_one_state_table_keyed_by_state_grain_type_and_id()
    {
        var storage = Open();
        await storage.WriteStateAsync("s", new GrainId("T", "k"), new TestGrainState<ConformanceState>());
        Assert.Equal(Path.Combine(_directory.Path, SqliteStorageOptions.DefaultFileName), storage.DatabasePath);

        using var connection = new SqliteConnection($"Data Source={storage.DatabasePath};Pooling=False");
        connection.Open();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal(
            "state_name,grain_type,grain_id",
            Scalar(connection, "SELECT group_concat(name) FROM (SELECT name FROM pragma_table_info('grain_state') WHERE pk > 0 ORDER BY pk)"));
        Assert.Equal("1", Scalar(connection, "SELECT count(*) FROM grain_state"));
        Assert.Equal("{\"Name\":\"\",\"Round\":0,\"Weights\":[]}", Scalar(connection, "SELECT CAST(payload AS TEXT) FROM grain_state"));
    }

    [Fact]
    public async Task Two_instances_on_the_same_file_see_each_others_etags()
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

    private SqliteGrainStorage Open()
    {
        var storage = new SqliteGrainStorage(Options());
        _opened.Add(storage);
        return storage;
    }

    private SqliteStorageOptions Options() => new() { DataDirectory = _directory.Path };

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
