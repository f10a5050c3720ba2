using System.Security.Cryptography;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecretSharing;

namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>
/// The client side of secure aggregation (Bonawitz et al. 2017; SecAgg+ neighbourhoods of Bell et al. 2020), as a
/// message-passing state machine: each method consumes the server's message for a round and returns the client's
/// reply. It checks every message it receives and aborts — refusing all later calls — on any violation.
/// </summary>
/// <remarks>Not thread-safe; one instance per party per session.</remarks>
public sealed class SecureAggregationClient : IDisposable
{
    internal const string MaskPurpose = "orleansfed/secagg/pairwise-mask";

    private readonly SecureAggregationParameters _parameters;
    private readonly RandomSource _random;
    private readonly ECDiffieHellman _encryptionKey;
    private readonly ECDiffieHellman _maskingKey;
    private readonly byte[] _selfMaskSeed = new byte[MaskGenerator.SeedLength];
    private readonly Dictionary<int, byte[]> _shareKeys = [];
    private readonly Dictionary<int, ECDiffieHellman> _neighbourMaskingKeys = [];
    private readonly Dictionary<int, EncryptedShare> _received = [];
    private ClientPhase _phase = ClientPhase.Created;
    private IReadOnlyList<int> _neighbours = [];
    private HashSet<int> _rosterParties = [];

    /// <summary>Creates party <paramref name="partyId"/> of a session, with fresh P-256 key pairs.</summary>
    /// <param name="partyId">The party id, ≥ 1 (its Shamir evaluation point).</param>
    /// <param name="parameters">The session's public parameters.</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    public SecureAggregationClient(int partyId, SecureAggregationParameters parameters, RandomSource? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partyId, 1);
        ArgumentNullException.ThrowIfNull(parameters);
        PartyId = partyId;
        _parameters = parameters;
        _random = random ?? new CryptoRandomSource();
        _encryptionKey = KeyAgreement.Generate();
        _maskingKey = KeyAgreement.Generate();
    }

    private enum ClientPhase
    {
        Created,
        KeysAdvertised,
        SharesSent,
        InputMasked,
        Finished,
        Aborted,
    }

    /// <summary>This party's id.</summary>
    public int PartyId { get; }

    /// <summary>Round 0: advertise the two public keys.</summary>
    public AdvertiseKeysMessage AdvertiseKeys() => Run(ClientPhase.Created, () =>
    {
        _phase = ClientPhase.KeysAdvertised;
        return new AdvertiseKeysMessage(PartyId, KeyAgreement.ExportPublicKey(_encryptionKey), KeyAgreement.ExportPublicKey(_maskingKey));
    });

    /// <summary>
    /// Round 1: check the roster, draw the self-mask seed b_u, Shamir-share b_u and the masking key s_u^SK among the
    /// neighbours (threshold t), and encrypt each neighbour's pair of shares to it.
    /// </summary>
    /// <param name="roster">The server's broadcast of U1 and the neighbour graph.</param>
    public ShareKeysMessage ShareKeys(KeyRoster roster) => Run(ClientPhase.KeysAdvertised, () =>
    {
        ArgumentNullException.ThrowIfNull(roster);
        var parties = CheckRoster(roster);
        _rosterParties = [.. parties.Keys];
        _neighbours = roster.Graph.NeighboursOf(PartyId);
        if (_neighbours.Count < _parameters.Threshold)
        {
            throw Violation(SecureAggregationFault.ThresholdViolation, $"Only {_neighbours.Count} neighbours for a threshold of {_parameters.Threshold}.");
        }

        _random.Fill(_selfMaskSeed);
        var xs = _neighbours.Select(v => (ulong)v).ToArray();
        var sharing = new ShamirSecretSharing(PrimeField.Mersenne61, _parameters.Threshold);
        byte[] maskingScalar = KeyAgreement.ExportPrivateScalar(_maskingKey);
        var keyShares = sharing.SplitBytes(maskingScalar, xs, _random);
        var seedShares = sharing.SplitBytes(_selfMaskSeed, xs, _random);
        CryptographicOperations.ZeroMemory(maskingScalar);

        var encrypted = new List<EncryptedShare>(_neighbours.Count);
        for (int i = 0; i < _neighbours.Count; i++)
        {
            int v = _neighbours[i];
            using var theirEncryptionKey = KeyAgreement.ImportPublicKey(parties[v].EncryptionPublicKey.Span, v);
            byte[] key = KeyAgreement.DeriveKey(_encryptionKey, theirEncryptionKey, _parameters.SessionId, ShareEncryption.Purpose, PartyId, v, ShareEncryption.KeyLength);
            _shareKeys[v] = key;
            _neighbourMaskingKeys[v] = KeyAgreement.ImportPublicKey(parties[v].MaskingPublicKey.Span, v);
            encrypted.Add(ShareEncryption.Encrypt(key, _parameters.SessionId, PartyId, v, keyShares[i], seedShares[i], _random));
        }

        _phase = ClientPhase.SharesSent;
        return new ShareKeysMessage(PartyId, encrypted);
    });

    /// <summary>
    /// Round 2: keep the shares forwarded from neighbours in U2 and mask the quantized input:
    /// y = x + PRG(b_u) + Σ_{v ∈ U2 ∩ N(u)} ±PRG(s_u,v), + when u &lt; v and − otherwise, over Z_(2^32).
    /// </summary>
    /// <param name="forwarded">The shares neighbours addressed to this party.</param>
    /// <param name="input">The quantized input x_u (e.g. from a <see cref="Encoding.FixedPointCodec"/>).</param>
    public MaskedInputMessage MaskInput(ForwardedShares forwarded, ReadOnlySpan<uint> input)
    {
        CheckPhase(ClientPhase.SharesSent);
        try
        {
            ArgumentNullException.ThrowIfNull(forwarded);
            if (input.Length != _parameters.VectorLength)
            {
                throw new ArgumentException($"The input must have {_parameters.VectorLength} elements.", nameof(input));
            }

            CheckForwarded(forwarded);
            var masked = input.ToArray();
            MaskGenerator.AddMask(_selfMaskSeed, masked);
            foreach (int v in _received.Keys)
            {
                byte[] seed = KeyAgreement.DeriveKey(_maskingKey, _neighbourMaskingKeys[v], _parameters.SessionId, MaskPurpose, PartyId, v, MaskGenerator.SeedLength);
                if (PartyId < v)
                {
                    MaskGenerator.AddMask(seed, masked);
                }
                else
                {
                    MaskGenerator.SubtractMask(seed, masked);
                }

                CryptographicOperations.ZeroMemory(seed);
            }

            _phase = ClientPhase.InputMasked;
            return new MaskedInputMessage(PartyId, masked);
        }
        catch (SecureAggregationException)
        {
            Abort();
            throw;
        }
    }

    /// <summary>
    /// Round 3: reveal the self-mask share of every surviving neighbour and the masking-key share of every dropped one —
    /// after checking that no party is listed as both, that every neighbour in U2 is accounted for, and that at least t
    /// parties survive. Answers once; a second request is refused.
    /// </summary>
    /// <param name="request">The server's lists of survivors and dropped parties.</param>
    public UnmaskingResponse Unmask(UnmaskingRequest request) => Run(ClientPhase.InputMasked, () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var survivors = new HashSet<int>(request.Survivors);
        var dropped = new HashSet<int>(request.Dropped);
        if (survivors.Count != request.Survivors.Count || dropped.Count != request.Dropped.Count)
        {
            throw Violation(SecureAggregationFault.ProtocolViolation, "The unmasking request lists a party twice.");
        }

        if (survivors.Overlaps(dropped))
        {
            int both = survivors.Intersect(dropped).First();
            throw Violation(SecureAggregationFault.ProtocolViolation, $"The server asked for both the self mask and the masking key of party {both}.");
        }

        if (!survivors.Contains(PartyId))
        {
            throw Violation(SecureAggregationFault.ProtocolViolation, "The server does not list this party among the survivors.");
        }

        if (!survivors.IsSubsetOf(_rosterParties) || !dropped.IsSubsetOf(_rosterParties))
        {
            throw Violation(SecureAggregationFault.ProtocolViolation, "The unmasking request names parties outside the roster.");
        }

        if (survivors.Count < _parameters.Threshold)
        {
            throw Violation(SecureAggregationFault.ThresholdViolation, $"Only {survivors.Count} survivors for a threshold of {_parameters.Threshold}.");
        }

        var selfMaskShares = new List<RevealedShare>();
        var maskingKeyShares = new List<RevealedShare>();
        foreach (var (v, share) in _received)
        {
            bool survived = survivors.Contains(v);
            if (!survived && !dropped.Contains(v))
            {
                throw Violation(SecureAggregationFault.ProtocolViolation, $"The request does not say whether neighbour {v} survived.");
            }

            var (keyShare, seedShare) = ShareEncryption.Decrypt(_shareKeys[v], _parameters.SessionId, share);
            if (keyShare.X != (ulong)PartyId || seedShare.X != (ulong)PartyId)
            {
                throw Violation(SecureAggregationFault.ProtocolViolation, $"Neighbour {v} sent shares for another evaluation point.");
            }

            if (survived)
            {
                selfMaskShares.Add(new RevealedShare(v, seedShare));
            }
            else
            {
                maskingKeyShares.Add(new RevealedShare(v, keyShare));
            }
        }

        _phase = ClientPhase.Finished;
        DisposeSecrets();
        return new UnmaskingResponse(PartyId, selfMaskShares, maskingKeyShares);
    });

    /// <inheritdoc />
    public void Dispose()
    {
        DisposeSecrets();
        _encryptionKey.Dispose();
        _maskingKey.Dispose();
    }

    private Dictionary<int, AdvertiseKeysMessage> CheckRoster(KeyRoster roster)
    {
        var parties = new Dictionary<int, AdvertiseKeysMessage>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var party in roster.Parties)
        {
            if (!parties.TryAdd(party.Sender, party))
            {
                throw Violation(SecureAggregationFault.ProtocolViolation, $"Party {party.Sender} appears twice in the roster.");
            }

            if (!keys.Add(Convert.ToBase64String(party.EncryptionPublicKey.Span)) || !keys.Add(Convert.ToBase64String(party.MaskingPublicKey.Span)))
            {
                throw Violation(SecureAggregationFault.ProtocolViolation, $"Party {party.Sender} repeats a public key already in the roster.");
            }
        }

        if (!parties.TryGetValue(PartyId, out var mine)
            || !mine.EncryptionPublicKey.Span.SequenceEqual(KeyAgreement.ExportPublicKey(_encryptionKey))
            || !mine.MaskingPublicKey.Span.SequenceEqual(KeyAgreement.ExportPublicKey(_maskingKey)))
        {
            throw Violation(SecureAggregationFault.ProtocolViolation, "The roster does not carry this party's own keys.");
        }

        if (parties.Count < _parameters.Threshold)
        {
            throw Violation(SecureAggregationFault.ThresholdViolation, $"Only {parties.Count} parties advertised keys for a threshold of {_parameters.Threshold}.");
        }

        var graph = roster.Graph;
        if (graph.RingOrder.Count != parties.Count || !graph.RingOrder.All(parties.ContainsKey))
        {
            throw Violation(SecureAggregationFault.ProtocolViolation, "The neighbour graph is not over the roster's parties.");
        }

        bool degreeMatches = graph.IsComplete
            ? _parameters.NeighbourDegree == 0 || _parameters.NeighbourDegree >= parties.Count - 1
            : graph.Degree == _parameters.NeighbourDegree;
        if (!degreeMatches)
        {
            throw Violation(SecureAggregationFault.ProtocolViolation, "The neighbour graph's degree differs from the session's.");
        }

        return parties;
    }

    private void CheckForwarded(ForwardedShares forwarded)
    {
        if (forwarded.Recipient != PartyId)
        {
            throw Violation(SecureAggregationFault.ProtocolViolation, $"Shares for party {forwarded.Recipient} were delivered to party {PartyId}.");
        }

        var neighbours = new HashSet<int>(_neighbours);
        var received = new Dictionary<int, EncryptedShare>();
        foreach (var share in forwarded.Shares)
        {
            if (share.Recipient != PartyId || !neighbours.Contains(share.Sender))
            {
                throw Violation(SecureAggregationFault.ProtocolViolation, $"A share from party {share.Sender} to party {share.Recipient} is misaddressed.");
            }

            if (!received.TryAdd(share.Sender, share))
            {
                throw Violation(SecureAggregationFault.ProtocolViolation, $"Party {share.Sender}'s share was forwarded twice.");
            }
        }

        if (received.Count < _parameters.Threshold)
        {
            throw Violation(SecureAggregationFault.ThresholdViolation, $"Only {received.Count} neighbours shared keys, below the threshold {_parameters.Threshold}.");
        }

        foreach (var (sender, share) in received)
        {
            _received[sender] = share;
        }
    }

    private T Run<T>(ClientPhase expected, Func<T> step)
    {
        CheckPhase(expected);
        try
        {
            return step();
        }
        catch (SecureAggregationException)
        {
            Abort();
            throw;
        }
    }

    private void CheckPhase(ClientPhase expected)
    {
        if (_phase != expected)
        {
            throw new SecureAggregationException(SecureAggregationFault.OutOfOrder, $"Party {PartyId} is in phase {_phase}, not {expected}.");
        }
    }

    private void Abort()
    {
        _phase = ClientPhase.Aborted;
        DisposeSecrets();
    }

    private void DisposeSecrets()
    {
        CryptographicOperations.ZeroMemory(_selfMaskSeed);
        foreach (var key in _shareKeys.Values)
        {
            CryptographicOperations.ZeroMemory(key);
        }

        foreach (var key in _neighbourMaskingKeys.Values)
        {
            key.Dispose();
        }

        _neighbourMaskingKeys.Clear();
    }

    private static SecureAggregationException Violation(SecureAggregationFault fault, string message) => new(fault, message);
}
