namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>Round 2 state a driver stores to survive a restart: the running masked sum, and taking it back.</summary>
public sealed partial class SecureAggregationServer
{
    /// <summary>
    /// The running sum of the masked inputs received so far (round 2 only). Like each masked input, it is masked: it holds
    /// every contributor's self mask until round 3 reveals them, so a driver may store it to survive a restart.
    /// </summary>
    public ReadOnlySpan<uint> MaskedSum
    {
        get
        {
            CheckPhase(ServerPhase.CollectingMaskedInputs);
            return _sum!;
        }
    }

    /// <summary>
    /// Round 2, after a restart: takes back a running sum stored from <see cref="MaskedSum"/> together with the parties in
    /// it, as if their masked inputs had been received again. Allowed only before any other masked input.
    /// </summary>
    /// <param name="parties">The parties whose masked inputs the sum holds (each in U2, none twice).</param>
    /// <param name="maskedSum">The stored running sum.</param>
    public void RestoreMaskedSum(IReadOnlyCollection<int> parties, ReadOnlySpan<uint> maskedSum)
    {
        ArgumentNullException.ThrowIfNull(parties);
        CheckPhase(ServerPhase.CollectingMaskedInputs);
        if (_masked.Count != 0)
        {
            throw Reject("A stored masked sum can only be restored before any masked input is received.");
        }

        if (maskedSum.Length != _parameters.VectorLength)
        {
            throw Reject($"The stored masked sum has {maskedSum.Length} elements, not {_parameters.VectorLength}.");
        }

        var restored = new HashSet<int>();
        foreach (int party in parties)
        {
            if (!_shared.Contains(party) || !restored.Add(party))
            {
                throw Reject($"Party {party} of the stored masked sum is not in U2 or is listed twice.");
            }
        }

        maskedSum.CopyTo(_sum!);
        _masked.UnionWith(restored);
    }
}
