namespace OrleansFed.Interfaces.SecAgg;

/// <summary>Step 3 message: self-mask shares of surviving neighbours and masking-key shares of dropped ones.</summary>
public sealed record SecAggUnmasking
{
    /// <summary>The round attempt.</summary>
    public required int Attempt { get; init; }

    /// <summary>Shares of b_v for surviving neighbours v.</summary>
    public required SecAggRevealedShare[] SelfMaskShares { get; init; }

    /// <summary>Shares of s_v^SK for dropped neighbours v.</summary>
    public required SecAggRevealedShare[] MaskingKeyShares { get; init; }
}
