using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Benchmarks.Privacy;

/// <summary>
/// Secure aggregation cost for 100 parties × 100,000 dimensions with 30 % dropping after ShareKeys: one client's
/// rounds, and the server's whole session (every message replayed into a fresh server, then Finish).
/// Degree 0 is the complete graph of SecAgg, 40 a SecAgg+ neighbourhood.
/// </summary>
[Config(typeof(OneShotInProcessConfig))]
public class SecureAggregationBenchmarks
{
    private const int Parties = 100;
    private const int Dimension = 100_000;
    private SecureAggregationParameters _parameters = null!;
    private List<AdvertiseKeysMessage> _advertisements = [];
    private List<ShareKeysMessage> _shares = [];
    private List<MaskedInputMessage> _masked = [];
    private List<UnmaskingResponse> _responses = [];
    private KeyRoster _roster = null!;
    private SecureAggregationClient _client = null!;
    private ForwardedShares _forwarded = null!;
    private uint[] _input = [];

    [Params(0, 40)]
    public int Degree { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _parameters = new SecureAggregationParameters("bench", Dimension, Degree == 0 ? 51 : 21, Degree);
        _input = Enumerable.Range(0, Dimension).Select(i => (uint)i).ToArray();
        using var server = NewServer();
        var clients = Enumerable.Range(1, Parties).Select(id => new SecureAggregationClient(id, _parameters, new AesCtrRandomSource())).ToList();
        _advertisements = [.. clients.Select(c => c.AdvertiseKeys())];
        _advertisements.ForEach(server.ReceiveAdvertisement);
        _roster = server.CloseAdvertisement();
        _shares = [.. clients.AsParallel().Select(c => c.ShareKeys(_roster))];
        _shares.ForEach(server.ReceiveShares);
        server.CloseShareKeys();
        var survivors = clients.Where(c => c.PartyId % 10 is not (1 or 4 or 7)).ToList();
        _masked = [.. survivors.AsParallel().Select(c => c.MaskInput(server.ForwardedSharesFor(c.PartyId), _input))];
        _forwarded = server.ForwardedSharesFor(2);
        _masked.ForEach(server.ReceiveMaskedInput);
        var request = server.CloseMaskedInput();
        _responses = [.. survivors.Select(c => c.Unmask(request))];
        clients.ForEach(c => c.Dispose());
    }

    [IterationSetup(Target = nameof(ClientShareKeys))]
    public void FreshClient()
    {
        // Party 2 again, with fresh keys substituted into the roster.
        _client = new SecureAggregationClient(2, _parameters, new AesCtrRandomSource());
        var mine = _client.AdvertiseKeys();
        _roster = _roster with { Parties = [.. _roster.Parties.Select(p => p.Sender == 2 ? mine : p)] };
    }

    [IterationSetup(Target = nameof(ClientMaskInput))]
    public void FreshClientAfterShareKeys()
    {
        FreshClient();
        _client.ShareKeys(_roster);
    }

    /// <summary>Round 1 of one client: Shamir-share two secrets and encrypt one share pair per neighbour (P-256 ECDH ×2 per neighbour).</summary>
    [Benchmark]
    public ShareKeysMessage ClientShareKeys() => _client.ShareKeys(_roster);

    /// <summary>Round 2 of one client: derive one pairwise seed per neighbour in U2 and add the self mask and all pairwise masks.</summary>
    [Benchmark]
    public MaskedInputMessage ClientMaskInput() => _client.MaskInput(_forwarded, _input);

    /// <summary>Everything the server does in a session: accept every message, then unmask (30 dropped parties).</summary>
    [Benchmark]
    public AggregationResult ServerSession()
    {
        using var server = NewServer();
        _advertisements.ForEach(server.ReceiveAdvertisement);
        server.CloseAdvertisement();
        _shares.ForEach(server.ReceiveShares);
        server.CloseShareKeys();
        _masked.ForEach(server.ReceiveMaskedInput);
        server.CloseMaskedInput();
        _responses.ForEach(server.ReceiveUnmasking);
        return server.Finish();
    }

    // A fixed seed reproduces the neighbour graph the recorded messages were made for.
    private SecureAggregationServer NewServer() => new(_parameters, new AesCtrRandomSource(new byte[16]));

    /// <summary>Each measured operation consumes single-use protocol state: one invocation per iteration, in process.</summary>
    private sealed class OneShotInProcessConfig : ManualConfig
    {
        public OneShotInProcessConfig() =>
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(3)
                .WithInvocationCount(1)
                .WithUnrollFactor(1));
    }
}
