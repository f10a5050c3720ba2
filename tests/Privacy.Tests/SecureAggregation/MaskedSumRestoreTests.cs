using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecureAggregation;
using OrleansFed.Privacy.Tests.Support;

namespace OrleansFed.Privacy.Tests.SecureAggregation;

/// <summary>
/// A driver that stores the running masked sum instead of each masked input can rebuild the server after a restart:
/// restoring the stored sum with its parties gives exactly the server that received those inputs one by one.
/// </summary>
public sealed class MaskedSumRestoreTests
{
    private const int Seed = 11;
    private static readonly SecureAggregationParameters s_parameters = new("restore/round-1", VectorLength: 257, Threshold: 3, NeighbourDegree: 4);

    [Fact]
    public void A_server_rebuilt_from_a_stored_masked_sum_finishes_with_the_same_sum_as_the_original()
    {
        using var harness = new SecureAggregationHarness(s_parameters, parties: 6, seed: Seed);
        using var rebuilt = ServerLike(harness);
        RunToMaskedInput(harness, harness.Server, rebuilt);
        var masked = harness.Parties.ToDictionary(id => id, id => harness.Client(id).MaskInput(harness.Server.ForwardedSharesFor(id), harness.Inputs[id]));

        foreach (var id in new[] { 4, 1, 6 })
        {
            harness.Server.ReceiveMaskedInput(masked[id]);
        }

        rebuilt.RestoreMaskedSum([4, 1, 6], harness.Server.MaskedSum);
        foreach (var id in new[] { 2, 3, 5 })
        {
            harness.Server.ReceiveMaskedInput(masked[id]);
            rebuilt.ReceiveMaskedInput(masked[id]);
        }

        Assert.Equal(harness.Server.MaskedSum.ToArray(), rebuilt.MaskedSum.ToArray());
        Assert.Equal(harness.Server.MaskedInputParties.Order(), rebuilt.MaskedInputParties.Order());
        var request = harness.Server.CloseMaskedInput();
        Assert.Equal(request.Survivors, rebuilt.CloseMaskedInput().Survivors);
        foreach (var id in request.Survivors)
        {
            var response = harness.Client(id).Unmask(request);
            harness.Server.ReceiveUnmasking(response);
            rebuilt.ReceiveUnmasking(response);
        }

        var original = harness.Server.Finish();
        var restored = rebuilt.Finish();
        Assert.Equal(harness.PlainSum(harness.Parties), original.Sum.ToArray());
        Assert.Equal(original.Sum.ToArray(), restored.Sum.ToArray());
        Assert.Equal(original.Contributors, restored.Contributors);
    }

    [Fact]
    public void A_stored_masked_sum_that_does_not_fit_the_session_is_refused_and_changes_nothing()
    {
        using var harness = new SecureAggregationHarness(s_parameters, parties: 6, seed: Seed);
        RunToMaskedInput(harness, harness.Server);
        var sum = new uint[s_parameters.VectorLength];

        Assert.Equal(SecureAggregationFault.ProtocolViolation, Assert.Throws<SecureAggregationException>(() => harness.Server.RestoreMaskedSum([1, 99], sum)).Fault);
        Assert.Equal(SecureAggregationFault.ProtocolViolation, Assert.Throws<SecureAggregationException>(() => harness.Server.RestoreMaskedSum([2, 2], sum)).Fault);
        Assert.Equal(SecureAggregationFault.ProtocolViolation, Assert.Throws<SecureAggregationException>(() => harness.Server.RestoreMaskedSum([1], sum.AsSpan(1))).Fault);
        Assert.Empty(harness.Server.MaskedInputParties);

        foreach (var id in harness.Parties)
        {
            harness.Server.ReceiveMaskedInput(harness.Client(id).MaskInput(harness.Server.ForwardedSharesFor(id), harness.Inputs[id]));
            Assert.Throws<SecureAggregationException>(() => harness.Server.RestoreMaskedSum([], sum));
        }

        var request = harness.Server.CloseMaskedInput();
        foreach (var id in request.Survivors)
        {
            harness.Server.ReceiveUnmasking(harness.Client(id).Unmask(request));
        }

        Assert.Equal(harness.PlainSum(harness.Parties), harness.Server.Finish().Sum.ToArray());
    }

    /// <summary>A second server of the same session (same graph seed), as a driver rebuilds it after a restart.</summary>
    private static SecureAggregationServer ServerLike(SecureAggregationHarness harness) =>
        new(s_parameters, new AesCtrRandomSource(Statistics.Seed(Seed)));

    private static void RunToMaskedInput(SecureAggregationHarness harness, params SecureAggregationServer[] servers)
    {
        var advertisements = harness.Parties.Select(id => harness.Client(id).AdvertiseKeys()).ToList();
        KeyRoster? roster = null;
        foreach (var server in servers)
        {
            advertisements.ForEach(server.ReceiveAdvertisement);
            roster = server.CloseAdvertisement();
        }

        var shares = harness.Parties.Select(id => harness.Client(id).ShareKeys(roster!)).ToList();
        foreach (var server in servers)
        {
            shares.ForEach(server.ReceiveShares);
            server.CloseShareKeys();
        }
    }
}
