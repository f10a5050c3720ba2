namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>The public parameters of one secure-aggregation session, known to the server and every client.</summary>
/// <param name="SessionId">A unique id of the session (e.g. campaign and round); bound into every key and ciphertext.</param>
/// <param name="VectorLength">d, the length of each quantized input over Z_(2^32).</param>
/// <param name="Threshold">
/// t: the shares needed to recover a party's secrets, and the fewest parties (neighbours, under SecAgg+) each round
/// may continue with. Choose t above half the neighbourhood so that no minority can unmask anyone.
/// </param>
/// <param name="NeighbourDegree">k, the even SecAgg+ neighbourhood size, or 0 for the complete graph of plain SecAgg.</param>
public sealed record SecureAggregationParameters(string SessionId, int VectorLength, int Threshold, int NeighbourDegree = 0)
{
    /// <summary>A unique id of the session.</summary>
    public string SessionId { get; } = string.IsNullOrWhiteSpace(SessionId)
        ? throw new ArgumentException("A session id is required.", nameof(SessionId))
        : SessionId;

    /// <summary>d.</summary>
    public int VectorLength { get; } = VectorLength >= 1
        ? VectorLength
        : throw new ArgumentOutOfRangeException(nameof(VectorLength), "Vectors need at least one element.");

    /// <summary>t.</summary>
    public int Threshold { get; } = Threshold >= 2
        ? Threshold
        : throw new ArgumentOutOfRangeException(nameof(Threshold), "The threshold must be at least 2.");

    /// <summary>k, or 0 for the complete graph.</summary>
    public int NeighbourDegree { get; } = NeighbourDegree == 0 || (NeighbourDegree >= 2 && NeighbourDegree % 2 == 0)
        ? NeighbourDegree
        : throw new ArgumentOutOfRangeException(nameof(NeighbourDegree), "The degree must be 0 or an even number ≥ 2.");
}
