namespace OrleansFed.Interfaces.SecAgg;

/// <summary>Step 1 message: one encrypted share for each neighbour.</summary>
public sealed record SecAggShareKeys
{
    /// <summary>The round attempt.</summary>
    public required int Attempt { get; init; }

    /// <summary>The shares.</summary>
    public required SecAggEncryptedShare[] Shares { get; init; }
}
