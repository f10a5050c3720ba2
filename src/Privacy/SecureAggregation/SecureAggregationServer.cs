using System.Security.Cryptography;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecretSharing;

namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>
/// The server side of secure aggregation as a message-passing state machine. The driver (a grain, a test) feeds
/// each client message to a <c>Receive…</c> method and decides when a round closes (deadline, quorum); closing a
/// round below the threshold aborts. The server keeps only the running sum of masked inputs — never an individual
/// input, masked or not — and learns only the survivors' sum.
/// </summary>
/// <remarks>
/// A rejected message throws <see cref="SecureAggregationException"/> and changes nothing; a threshold violation at a
/// round's close aborts the session. Not thread-safe: one caller at a time (a grain's turn).
/// </remarks>
public sealed partial class SecureAggregationServer : IDisposable
{
    private readonly SecureAggregationParameters _parameters;
    private readonly RandomSource _random;
    private readonly Dictionary<int, AdvertiseKeysMessage> _advertised = [];
    private readonly HashSet<string> _advertisedKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<EncryptedShare>> _sharesByRecipient = [];
    private readonly HashSet<int> _shared = [];
    private readonly HashSet<int> _masked = [];
    private readonly HashSet<int> _responded = [];
    private readonly Dictionary<int, List<ShamirByteShare>> _selfMaskShares = [];
    private readonly Dictionary<int, List<ShamirByteShare>> _maskingKeyShares = [];
    private readonly Dictionary<int, ECDiffieHellman> _maskingPublicKeys = [];
    private ServerPhase _phase = ServerPhase.CollectingKeys;
    private NeighbourGraph? _graph;
    private uint[]? _sum;
    private HashSet<int> _dropped = [];

    /// <summary>Creates the server of one session.</summary>
    /// <param name="parameters">The session's public parameters.</param>
    /// <param name="random">The secure source for the neighbour graph (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    public SecureAggregationServer(SecureAggregationParameters parameters, RandomSource? random = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
        _random = random ?? new CryptoRandomSource();
    }

    private enum ServerPhase
    {
        CollectingKeys,
        CollectingShares,
        CollectingMaskedInputs,
        CollectingUnmasking,
        Finished,
        Aborted,
    }

    /// <summary>U1: the parties whose keys were accepted.</summary>
    public IReadOnlyCollection<int> AdvertisedParties => _advertised.Keys;

    /// <summary>U2: the parties whose shares were accepted.</summary>
    public IReadOnlyCollection<int> SharingParties => _shared;

    /// <summary>U3: the parties whose masked inputs are in the running sum.</summary>
    public IReadOnlyCollection<int> MaskedInputParties => _masked;

    /// <summary>Round 0: accept a party's public keys.</summary>
    /// <param name="message">The advertisement.</param>
    public void ReceiveAdvertisement(AdvertiseKeysMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        CheckPhase(ServerPhase.CollectingKeys);
        if (message.Sender < 1 || _advertised.ContainsKey(message.Sender))
        {
            throw Reject($"Party {message.Sender} is invalid or already advertised keys.");
        }

        string encryptionKey = Convert.ToBase64String(message.EncryptionPublicKey.Span);
        string maskingKey = Convert.ToBase64String(message.MaskingPublicKey.Span);
        if (encryptionKey == maskingKey || _advertisedKeys.Contains(encryptionKey) || _advertisedKeys.Contains(maskingKey))
        {
            throw Reject($"Party {message.Sender} reuses a public key.");
        }

        // Import once now: rejects keys off the curve, and the masking key is needed again for dropout recovery.
        KeyAgreement.ImportPublicKey(message.EncryptionPublicKey.Span, message.Sender).Dispose();
        var masking = KeyAgreement.ImportPublicKey(message.MaskingPublicKey.Span, message.Sender);

        _advertised[message.Sender] = message;
        _advertisedKeys.Add(encryptionKey);
        _advertisedKeys.Add(maskingKey);
        _maskingPublicKeys[message.Sender] = masking;
    }

    /// <summary>Closes round 0: fixes U1 and the neighbour graph, and returns the roster to broadcast.</summary>
    public KeyRoster CloseAdvertisement()
    {
        CheckPhase(ServerPhase.CollectingKeys);
        if (_advertised.Count < _parameters.Threshold + 1)
        {
            throw Abort($"Only {_advertised.Count} parties advertised keys; threshold {_parameters.Threshold} needs at least {_parameters.Threshold + 1}.");
        }

        _graph = NeighbourGraph.Harary(_advertised.Keys, _parameters.NeighbourDegree, _random);
        if (!_graph.IsComplete && _graph.Degree < _parameters.Threshold)
        {
            throw Abort($"Neighbourhoods of {_graph.Degree} cannot meet the threshold {_parameters.Threshold}.");
        }

        _phase = ServerPhase.CollectingShares;
        return new KeyRoster([.. _advertised.Values.OrderBy(m => m.Sender)], _graph);
    }

    /// <summary>Round 1: accept a party's encrypted shares, exactly one for each of its neighbours.</summary>
    /// <param name="message">The shares.</param>
    public void ReceiveShares(ShareKeysMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        CheckPhase(ServerPhase.CollectingShares);
        int u = message.Sender;
        if (!_advertised.ContainsKey(u) || _shared.Contains(u))
        {
            throw Reject($"Party {u} did not advertise keys or already shared them.");
        }

        var neighbours = _graph!.NeighboursOf(u);
        var recipients = new HashSet<int>();
        foreach (var share in message.Shares)
        {
            if (share.Sender != u || !_graph.AreNeighbours(u, share.Recipient) || !recipients.Add(share.Recipient))
            {
                throw Reject($"Party {u} sent a share that is misaddressed or duplicated (to {share.Recipient}).");
            }
        }

        if (recipients.Count != neighbours.Count)
        {
            throw Reject($"Party {u} sent {recipients.Count} shares for {neighbours.Count} neighbours.");
        }

        foreach (var share in message.Shares)
        {
            if (!_sharesByRecipient.TryGetValue(share.Recipient, out var list))
            {
                _sharesByRecipient[share.Recipient] = list = [];
            }

            list.Add(share);
        }

        _shared.Add(u);
    }

    /// <summary>Closes round 1: fixes U2. Afterwards <see cref="ForwardedSharesFor"/> gives each party its shares.</summary>
    /// <returns>U2, the parties that go on to mask their inputs.</returns>
    public IReadOnlyList<int> CloseShareKeys()
    {
        CheckPhase(ServerPhase.CollectingShares);
        if (_shared.Count < _parameters.Threshold)
        {
            throw Abort($"Only {_shared.Count} parties shared keys, below the threshold {_parameters.Threshold}.");
        }

        _sum = new uint[_parameters.VectorLength];
        _phase = ServerPhase.CollectingMaskedInputs;
        return [.. _shared.Order()];
    }

    /// <summary>The shares addressed to <paramref name="party"/> by its neighbours in U2.</summary>
    /// <param name="party">A party in U2.</param>
    public ForwardedShares ForwardedSharesFor(int party)
    {
        CheckPhase(ServerPhase.CollectingMaskedInputs);
        if (!_shared.Contains(party))
        {
            throw Reject($"Party {party} is not in U2.");
        }

        var shares = _sharesByRecipient.TryGetValue(party, out var list) ? list : [];
        return new ForwardedShares(party, [.. shares]);
    }

    /// <summary>Round 2: add a party's masked input to the running sum (the vector itself is not kept).</summary>
    /// <param name="message">The masked input.</param>
    public void ReceiveMaskedInput(MaskedInputMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        CheckPhase(ServerPhase.CollectingMaskedInputs);
        if (!_shared.Contains(message.Sender) || _masked.Contains(message.Sender))
        {
            throw Reject($"Party {message.Sender} is not in U2 or already sent its masked input.");
        }

        if (message.MaskedInput.Length != _parameters.VectorLength)
        {
            throw Reject($"Party {message.Sender}'s masked input has {message.MaskedInput.Length} elements, not {_parameters.VectorLength}.");
        }

        Encoding.RingVector.Add(_sum, message.MaskedInput.Span);
        _masked.Add(message.Sender);
    }

    /// <summary>Closes round 2: fixes U3 and returns the unmasking request for the survivors.</summary>
    public UnmaskingRequest CloseMaskedInput()
    {
        CheckPhase(ServerPhase.CollectingMaskedInputs);
        if (_masked.Count < _parameters.Threshold)
        {
            throw Abort($"Only {_masked.Count} masked inputs arrived, below the threshold {_parameters.Threshold}.");
        }

        _dropped = [.. _shared.Except(_masked)];
        _phase = ServerPhase.CollectingUnmasking;
        return new UnmaskingRequest([.. _masked.Order()], [.. _dropped.Order()]);
    }

    /// <summary>Round 3: accept a survivor's revealed shares.</summary>
    /// <param name="message">The response.</param>
    public void ReceiveUnmasking(UnmaskingResponse message)
    {
        ArgumentNullException.ThrowIfNull(message);
        CheckPhase(ServerPhase.CollectingUnmasking);
        int w = message.Sender;
        if (!_masked.Contains(w) || _responded.Contains(w))
        {
            throw Reject($"Party {w} is not a survivor or already responded.");
        }

        CheckRevealed(w, message.SelfMaskShares, _masked, "self-mask");
        CheckRevealed(w, message.MaskingKeyShares, _dropped, "masking-key");

        foreach (var revealed in message.SelfMaskShares)
        {
            Add(_selfMaskShares, revealed);
        }

        foreach (var revealed in message.MaskingKeyShares)
        {
            Add(_maskingKeyShares, revealed);
        }

        _responded.Add(w);
    }

    /// <summary>
    /// Closes round 3: reconstructs each survivor's self-mask seed and each dropped party's masking key from t shares,
    /// removes those masks from the running sum, and returns the sum of the survivors' inputs.
    /// </summary>
    public AggregationResult Finish()
    {
        CheckPhase(ServerPhase.CollectingUnmasking);
        if (_responded.Count < _parameters.Threshold)
        {
            throw Abort($"Only {_responded.Count} survivors revealed shares, below the threshold {_parameters.Threshold}.");
        }

        var sharing = new ShamirSecretSharing(PrimeField.Mersenne61, _parameters.Threshold);
        var sum = _sum!;
        foreach (int u in _masked.Order())
        {
            byte[] seed = sharing.ReconstructBytes(SharesFor(_selfMaskShares, u, "self-mask seed"));
            if (seed.Length != MaskGenerator.SeedLength)
            {
                throw Abort($"The self-mask seed reconstructed for party {u} has the wrong length.");
            }

            MaskGenerator.SubtractMask(seed, sum);
            CryptographicOperations.ZeroMemory(seed);
        }

        foreach (int v in _dropped.Order())
        {
            byte[] scalar = sharing.ReconstructBytes(SharesFor(_maskingKeyShares, v, "masking key"));
            using var key = KeyAgreement.ImportPrivateKey(scalar, _advertised[v].MaskingPublicKey.Span, v);
            CryptographicOperations.ZeroMemory(scalar);
            foreach (int w in _graph!.NeighboursOf(v))
            {
                if (!_masked.Contains(w))
                {
                    continue;
                }

                // w added +PRG(s_w,v) when w < v and −PRG(s_w,v) otherwise; undo exactly that.
                byte[] seed = KeyAgreement.DeriveKey(key, _maskingPublicKeys[w], _parameters.SessionId, SecureAggregationClient.MaskPurpose, v, w, MaskGenerator.SeedLength);
                if (w < v)
                {
                    MaskGenerator.SubtractMask(seed, sum);
                }
                else
                {
                    MaskGenerator.AddMask(seed, sum);
                }

                CryptographicOperations.ZeroMemory(seed);
            }
        }

        _phase = ServerPhase.Finished;
        _sum = null;
        return new AggregationResult(sum, [.. _masked.Order()]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var key in _maskingPublicKeys.Values)
        {
            key.Dispose();
        }

        _maskingPublicKeys.Clear();
    }

    private void CheckRevealed(int sender, IReadOnlyList<RevealedShare> shares, HashSet<int> allowedOwners, string kind)
    {
        var owners = new HashSet<int>();
        foreach (var revealed in shares)
        {
            if (!allowedOwners.Contains(revealed.Owner) || !_graph!.AreNeighbours(sender, revealed.Owner) || !owners.Add(revealed.Owner))
            {
                throw Reject($"Party {sender} revealed a {kind} share of party {revealed.Owner} that it may not reveal.");
            }

            if (revealed.Share.X != (ulong)sender)
            {
                throw Reject($"Party {sender} revealed a share at another party's evaluation point.");
            }
        }
    }

    private List<ShamirByteShare> SharesFor(Dictionary<int, List<ShamirByteShare>> shares, int owner, string what)
    {
        if (!shares.TryGetValue(owner, out var list) || list.Count < _parameters.Threshold)
        {
            throw Abort($"Too few shares of party {owner}'s {what} to reconstruct it.");
        }

        // Exactly t shares: the honest-but-curious model needs no redundancy check, and the masking key is
        // validated against its public key anyway.
        return list.GetRange(0, _parameters.Threshold);
    }

    private static void Add(Dictionary<int, List<ShamirByteShare>> shares, RevealedShare revealed)
    {
        if (!shares.TryGetValue(revealed.Owner, out var list))
        {
            shares[revealed.Owner] = list = [];
        }

        list.Add(revealed.Share);
    }

    private void CheckPhase(ServerPhase expected)
    {
        if (_phase != expected)
        {
            throw new SecureAggregationException(SecureAggregationFault.OutOfOrder, $"The server is in phase {_phase}, not {expected}.");
        }
    }

    private SecureAggregationException Abort(string message)
    {
        _phase = ServerPhase.Aborted;
        if (_sum is not null)
        {
            Array.Clear(_sum);
            _sum = null;
        }

        return new SecureAggregationException(SecureAggregationFault.ThresholdViolation, message);
    }

    private static SecureAggregationException Reject(string message) => new(SecureAggregationFault.ProtocolViolation, message);
}
