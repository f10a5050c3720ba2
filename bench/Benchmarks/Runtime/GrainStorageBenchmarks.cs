using BenchmarkDotNet.Attributes;
using OrleansFed.Runtime;

namespace OrleansFed.Benchmarks.Runtime;

/// <summary>
/// One durable grain-state write (compare-and-swap with the current ETag), the cost a silo pays for each accepted update
/// and each round's checkpoint, on the embedded SQLite file (WAL, synchronous=FULL) and on PostgreSQL
/// (<c>ORLEANSFED_BENCH_POSTGRES</c>: an Npgsql connection string; run the server with its default durability,
/// fsync on). Payloads: a small campaign-like record and an MLP 784-128-10 checkpoint (101,770 floats, ≈ 540 KB of JSON).
/// </summary>
[InProcess]
[WarmupCount(3)]
[IterationCount(10)]
public class GrainStorageBenchmarks
{
    private const int CheckpointFloats = 101_770;

    private readonly GrainId _grain = new("campaign", "bench");
    private readonly BenchState _state = new();
    private IGrainStorage _storage = null!;
    private IDisposable? _owned;
    private string _directory = "";
    private string _schema = "";

    /// <summary>Which store.</summary>
    [Params("sqlite", "postgres")]
    public string Store { get; set; } = "sqlite";

    /// <summary>What is written.</summary>
    [Params("small", "checkpoint")]
    public string Payload { get; set; } = "small";

    [GlobalSetup]
    public void Setup()
    {
        _state.Weights = Payload == "checkpoint"
            ? Enumerable.Range(0, CheckpointFloats).Select(i => MathF.Sin(i) * 0.05f).ToArray()
            : [];
        _state.History = Enumerable.Range(1, Payload == "checkpoint" ? 0 : 10).Select(i => $"round {i}: 10 participants").ToList();
        if (Store == "postgres")
        {
            var connection = Environment.GetEnvironmentVariable("ORLEANSFED_BENCH_POSTGRES")
                ?? throw new InvalidOperationException("Set ORLEANSFED_BENCH_POSTGRES to an Npgsql connection string.");
            _schema = "bench_" + Guid.NewGuid().ToString("N");
            var postgres = new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = connection, Schema = _schema });
            (_storage, _owned) = (postgres, postgres);
        }
        else
        {
            _directory = Directory.CreateTempSubdirectory("orleansfed-bench-").FullName;
            var sqlite = new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = _directory });
            (_storage, _owned) = (sqlite, sqlite);
        }

        // The record exists from the start: every measured write is an update, as in a running campaign. (Waited for
        // here: the in-process toolchain does not await an asynchronous setup.)
        _storage.WriteStateAsync("campaign", _grain, _state).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _owned?.Dispose();
        if (_schema.Length > 0)
        {
            using var connection = new Npgsql.NpgsqlConnection(Environment.GetEnvironmentVariable("ORLEANSFED_BENCH_POSTGRES"));
            connection.Open();
            using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA \"{_schema}\" CASCADE", connection);
            drop.ExecuteNonQuery();
        }

        if (_directory.Length > 0)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>One durable write of the state (its ETag advances).</summary>
    [Benchmark]
    public Task Write() => _storage.WriteStateAsync("campaign", _grain, _state);

    /// <summary>One read of the record.</summary>
    [Benchmark]
    public Task Read() => _storage.ReadStateAsync("campaign", _grain, new BenchState());

    /// <summary>Holds a state and its ETag as the runtime's <c>IPersistentState</c> does.</summary>
    public sealed class BenchState : IGrainState<BenchState.Body>
    {
        public Body State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }

        public float[] Weights { get => State.Weights; set => State.Weights = value; }

        public List<string> History { get => State.History; set => State.History = value; }

        /// <summary>The payload.</summary>
        public sealed class Body
        {
            public float[] Weights { get; set; } = [];

            public List<string> History { get; set; } = [];
        }
    }
}
