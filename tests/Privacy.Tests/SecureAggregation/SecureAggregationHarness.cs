using OrleansFed.Privacy.Encoding;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecureAggregation;
using OrleansFed.Privacy.Tests.Support;

namespace OrleansFed.Privacy.Tests.SecureAggregation;

/// <summary>Drives one server and n clients through the four rounds, with parties dropping at chosen points.</summary>
internal sealed class SecureAggregationHarness : IDisposable
{
    private readonly SecureAggregationParameters _parameters;
    private readonly Dictionary<int, SecureAggregationClient> _clients = [];

    public SecureAggregationHarness(SecureAggregationParameters parameters, int parties, int seed)
    {
        _parameters = parameters;
        Server = new SecureAggregationServer(parameters, new AesCtrRandomSource(Statistics.Seed(seed)));
        var rng = new Random(seed);
        for (int id = 1; id <= parties; id++)
        {
            _clients[id] = new SecureAggregationClient(id, parameters, new AesCtrRandomSource(Statistics.Seed(seed * 1000 + id)));
            var input = new uint[parameters.VectorLength];
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = (uint)rng.NextInt64(0, 1L << 32);
            }

            Inputs[id] = input;
        }
    }

    public SecureAggregationServer Server { get; }

    public Dictionary<int, uint[]> Inputs { get; } = [];

    public SecureAggregationClient Client(int id) => _clients[id];

    public IEnumerable<int> Parties => _clients.Keys;

    /// <summary>Runs the protocol; each set names the parties silent from that round on.</summary>
    public AggregationResult Run(
        IReadOnlySet<int>? dropBeforeShareKeys = null,
        IReadOnlySet<int>? dropAfterShareKeys = null,
        IReadOnlySet<int>? dropBeforeUnmasking = null)
    {
        dropBeforeShareKeys ??= new HashSet<int>();
        dropAfterShareKeys ??= new HashSet<int>();
        dropBeforeUnmasking ??= new HashSet<int>();

        foreach (var (id, client) in _clients)
        {
            Server.ReceiveAdvertisement(client.AdvertiseKeys());
        }

        var roster = Server.CloseAdvertisement();
        var round1 = _clients.Keys.Where(id => !dropBeforeShareKeys.Contains(id)).ToArray();
        var shareMessages = new ShareKeysMessage[round1.Length];
        Parallel.For(0, round1.Length, i => shareMessages[i] = _clients[round1[i]].ShareKeys(roster));
        foreach (var m in shareMessages)
        {
            Server.ReceiveShares(m);
        }

        var u2 = Server.CloseShareKeys();
        var round2 = u2.Where(id => !dropAfterShareKeys.Contains(id)).ToArray();
        var maskedMessages = new MaskedInputMessage[round2.Length];
        Parallel.For(0, round2.Length, i =>
            maskedMessages[i] = _clients[round2[i]].MaskInput(Server.ForwardedSharesFor(round2[i]), Inputs[round2[i]]));
        foreach (var m in maskedMessages)
        {
            Server.ReceiveMaskedInput(m);
        }

        var request = Server.CloseMaskedInput();
        foreach (int id in request.Survivors.Where(id => !dropBeforeUnmasking.Contains(id)))
        {
            Server.ReceiveUnmasking(_clients[id].Unmask(request));
        }

        return Server.Finish();
    }

    public uint[] PlainSum(IEnumerable<int> parties)
    {
        var sum = new uint[_parameters.VectorLength];
        foreach (int id in parties)
        {
            RingVector.Add(sum, Inputs[id]);
        }

        return sum;
    }

    public void Dispose()
    {
        Server.Dispose();
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}
