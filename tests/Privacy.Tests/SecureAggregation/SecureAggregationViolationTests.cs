using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecureAggregation;
using OrleansFed.Privacy.Tests.Support;

namespace OrleansFed.Privacy.Tests.SecureAggregation;

public sealed class SecureAggregationViolationTests : IDisposable
{
    private const int VectorLength = 64;
    private readonly SecureAggregationParameters _parameters = new("violations", VectorLength, Threshold: 3);
    private readonly SecureAggregationServer _server;
    private readonly SecureAggregationClient[] _clients;

    public SecureAggregationViolationTests()
    {
        _server = new SecureAggregationServer(_parameters, new AesCtrRandomSource(Statistics.Seed(100)));
        _clients = [.. Enumerable.Range(1, 5).Select(id => new SecureAggregationClient(id, _parameters, new AesCtrRandomSource(Statistics.Seed(100 + id))))];
    }

    private SecureAggregationClient Client(int id) => _clients[id - 1];

    private static uint[] Input(int id) => Enumerable.Range(0, VectorLength).Select(i => (uint)(id * 1000 + i)).ToArray();

    private KeyRoster AdvertiseAll()
    {
        foreach (var client in _clients)
        {
            _server.ReceiveAdvertisement(client.AdvertiseKeys());
        }

        return _server.CloseAdvertisement();
    }

    private void ShareAll(KeyRoster roster)
    {
        foreach (var client in _clients)
        {
            _server.ReceiveShares(client.ShareKeys(roster));
        }

        _server.CloseShareKeys();
    }

    private UnmaskingRequest MaskAll()
    {
        foreach (var client in _clients)
        {
            _server.ReceiveMaskedInput(client.MaskInput(_server.ForwardedSharesFor(client.PartyId), Input(client.PartyId)));
        }

        return _server.CloseMaskedInput();
    }

    [Fact]
    public void Client_refuses_to_reveal_both_the_self_mask_and_the_masking_key_of_one_party_and_aborts()
    {
        ShareAll(AdvertiseAll());
        var request = MaskAll();

        var greedy = new UnmaskingRequest([1, 2, 3, 4, 5], [4]);
        var ex = Assert.Throws<SecureAggregationException>(() => Client(1).Unmask(greedy));
        Assert.Equal(SecureAggregationFault.ProtocolViolation, ex.Fault);

        var after = Assert.Throws<SecureAggregationException>(() => Client(1).Unmask(request));
        Assert.Equal(SecureAggregationFault.OutOfOrder, after.Fault);
    }

    [Fact]
    public void Client_answers_the_unmasking_request_only_once()
    {
        ShareAll(AdvertiseAll());
        var request = MaskAll();
        Client(2).Unmask(request);
        Assert.Equal(SecureAggregationFault.OutOfOrder, Assert.Throws<SecureAggregationException>(() => Client(2).Unmask(new UnmaskingRequest([1, 2, 3], [4, 5]))).Fault);
    }

    [Fact]
    public void Client_refuses_a_request_that_omits_a_neighbour_or_drops_itself()
    {
        ShareAll(AdvertiseAll());
        MaskAll();
        Assert.Equal(SecureAggregationFault.ProtocolViolation, Assert.Throws<SecureAggregationException>(() => Client(1).Unmask(new UnmaskingRequest([1, 2, 3, 4], []))).Fault);
        Assert.Equal(SecureAggregationFault.ProtocolViolation, Assert.Throws<SecureAggregationException>(() => Client(2).Unmask(new UnmaskingRequest([3, 4, 5], [1, 2]))).Fault);
    }

    [Fact]
    public void Client_refuses_a_request_with_fewer_than_t_survivors()
    {
        ShareAll(AdvertiseAll());
        MaskAll();
        var ex = Assert.Throws<SecureAggregationException>(() => Client(1).Unmask(new UnmaskingRequest([1, 2], [3, 4, 5])));
        Assert.Equal(SecureAggregationFault.ThresholdViolation, ex.Fault);
    }

    [Fact]
    public void Client_refuses_a_roster_that_replaces_its_own_keys()
    {
        var roster = AdvertiseAll();
        var forged = roster with
        {
            Parties = [.. roster.Parties.Select(p => p.Sender == 1 ? p with { MaskingPublicKey = roster.Parties[1].EncryptionPublicKey } : p)],
        };
        Assert.Equal(SecureAggregationFault.ProtocolViolation, Assert.Throws<SecureAggregationException>(() => Client(1).ShareKeys(forged)).Fault);
    }

    [Fact]
    public void Client_refuses_a_roster_in_which_two_parties_share_a_key()
    {
        var roster = AdvertiseAll();
        var forged = roster with
        {
            Parties = [.. roster.Parties.Select(p => p.Sender == 3 ? p with { EncryptionPublicKey = roster.Parties[3].EncryptionPublicKey } : p)],
        };
        Assert.Equal(SecureAggregationFault.ProtocolViolation, Assert.Throws<SecureAggregationException>(() => Client(1).ShareKeys(forged)).Fault);
    }

    [Fact]
    public void Tampered_share_ciphertext_fails_authentication_at_unmasking()
    {
        ShareAll(AdvertiseAll());
        var forwarded = _server.ForwardedSharesFor(1);
        var victim = forwarded.Shares[0];
        var flipped = victim.Ciphertext.ToArray();
        flipped[5] ^= 0x01;
        var tampered = forwarded with { Shares = [.. forwarded.Shares.Select(s => s == victim ? s with { Ciphertext = flipped } : s)] };

        _server.ReceiveMaskedInput(Client(1).MaskInput(tampered, Input(1)));
        foreach (var client in _clients.Skip(1))
        {
            _server.ReceiveMaskedInput(client.MaskInput(_server.ForwardedSharesFor(client.PartyId), Input(client.PartyId)));
        }

        var request = _server.CloseMaskedInput();
        Assert.Equal(SecureAggregationFault.DecryptionFailure, Assert.Throws<SecureAggregationException>(() => Client(1).Unmask(request)).Fault);
    }

    [Fact]
    public void A_share_redirected_to_another_recipient_fails_authentication_because_the_pair_is_bound_in()
    {
        ShareAll(AdvertiseAll());
        // Party 2's share for party 3, relabelled as addressed to party 1, replaces party 2's real share for party 1.
        var forTwoToThree = _server.ForwardedSharesFor(3).Shares.Single(s => s.Sender == 2);
        var forwarded = _server.ForwardedSharesFor(1);
        var redirected = forwarded with
        {
            Shares = [.. forwarded.Shares.Select(s => s.Sender == 2 ? forTwoToThree with { Recipient = 1 } : s)],
        };

        _server.ReceiveMaskedInput(Client(1).MaskInput(redirected, Input(1)));
        foreach (var client in _clients.Skip(1))
        {
            _server.ReceiveMaskedInput(client.MaskInput(_server.ForwardedSharesFor(client.PartyId), Input(client.PartyId)));
        }

        var request = _server.CloseMaskedInput();
        Assert.Equal(SecureAggregationFault.DecryptionFailure, Assert.Throws<SecureAggregationException>(() => Client(1).Unmask(request)).Fault);
    }

    [Fact]
    public void Rejected_masked_inputs_change_nothing_and_the_sum_stays_exact()
    {
        ShareAll(AdvertiseAll());
        var messages = _clients.Select(c => c.MaskInput(_server.ForwardedSharesFor(c.PartyId), Input(c.PartyId))).ToArray();
        _server.ReceiveMaskedInput(messages[0]);

        Assert.Equal(SecureAggregationFault.ProtocolViolation, Assert.Throws<SecureAggregationException>(() => _server.ReceiveMaskedInput(messages[0])).Fault);
        Assert.Equal(SecureAggregationFault.ProtocolViolation, Assert.Throws<SecureAggregationException>(() => _server.ReceiveMaskedInput(new MaskedInputMessage(2, new uint[VectorLength - 1]))).Fault);
        Assert.Equal(SecureAggregationFault.ProtocolViolation, Assert.Throws<SecureAggregationException>(() => _server.ReceiveMaskedInput(new MaskedInputMessage(9, new uint[VectorLength]))).Fault);

        foreach (var m in messages.Skip(1))
        {
            _server.ReceiveMaskedInput(m);
        }

        var request = _server.CloseMaskedInput();
        foreach (var client in _clients)
        {
            _server.ReceiveUnmasking(client.Unmask(request));
        }

        var expected = new uint[VectorLength];
        for (int id = 1; id <= 5; id++)
        {
            OrleansFed.Privacy.Encoding.RingVector.Add(expected, Input(id));
        }

        Assert.Equal(expected, _server.Finish().Sum.ToArray());
    }

    [Fact]
    public void Server_rejects_a_self_mask_share_of_a_dropped_party()
    {
        ShareAll(AdvertiseAll());
        foreach (var client in _clients.Take(4))
        {
            _server.ReceiveMaskedInput(client.MaskInput(_server.ForwardedSharesFor(client.PartyId), Input(client.PartyId)));
        }

        var request = _server.CloseMaskedInput();
        var honest = Client(1).Unmask(request);
        var leaked = honest with { SelfMaskShares = [.. honest.SelfMaskShares, honest.MaskingKeyShares.Single()] };

        Assert.Equal(SecureAggregationFault.ProtocolViolation, Assert.Throws<SecureAggregationException>(() => _server.ReceiveUnmasking(leaked)).Fault);
        _server.ReceiveUnmasking(honest); // the honest response is still accepted afterwards
    }

    [Fact]
    public void Server_rejects_an_off_curve_key_and_a_second_advertisement()
    {
        var message = Client(1).AdvertiseKeys();
        var offCurve = message.MaskingPublicKey.ToArray();
        offCurve[64] ^= 0x01;
        Assert.Equal(SecureAggregationFault.InvalidKey, Assert.Throws<SecureAggregationException>(() => _server.ReceiveAdvertisement(message with { MaskingPublicKey = offCurve })).Fault);

        _server.ReceiveAdvertisement(message);
        Assert.Equal(SecureAggregationFault.ProtocolViolation, Assert.Throws<SecureAggregationException>(() => _server.ReceiveAdvertisement(message)).Fault);
    }

    [Fact]
    public void Calls_out_of_round_order_are_refused()
    {
        Assert.Equal(SecureAggregationFault.OutOfOrder, Assert.Throws<SecureAggregationException>(() => Client(1).MaskInput(new ForwardedShares(1, []), Input(1))).Fault);
        Assert.Equal(SecureAggregationFault.OutOfOrder, Assert.Throws<SecureAggregationException>(() => _server.CloseMaskedInput()).Fault);
    }

    [Fact]
    public void A_masked_zero_vector_is_indistinguishable_from_uniform()
    {
        var parameters = new SecureAggregationParameters("uniformity", 100_000, Threshold: 2);
        using var server = new SecureAggregationServer(parameters, new AesCtrRandomSource(Statistics.Seed(7)));
        using var a = new SecureAggregationClient(1, parameters, new AesCtrRandomSource(Statistics.Seed(8)));
        using var b = new SecureAggregationClient(2, parameters, new AesCtrRandomSource(Statistics.Seed(9)));
        using var c = new SecureAggregationClient(3, parameters, new AesCtrRandomSource(Statistics.Seed(10)));
        foreach (var client in new[] { a, b, c })
        {
            server.ReceiveAdvertisement(client.AdvertiseKeys());
        }

        var roster = server.CloseAdvertisement();
        foreach (var client in new[] { a, b, c })
        {
            server.ReceiveShares(client.ShareKeys(roster));
        }

        server.CloseShareKeys();
        var masked = a.MaskInput(server.ForwardedSharesFor(1), new uint[100_000]).MaskedInput.ToArray();

        var observed = new double[256];
        foreach (uint word in masked)
        {
            observed[word >> 24]++;
        }

        Statistics.AssertChiSquareFits(observed, Enumerable.Repeat(masked.Length / 256.0, 256).ToArray());
    }

    public void Dispose()
    {
        _server.Dispose();
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
