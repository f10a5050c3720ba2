namespace OrleansFed.Privacy.Accounting;

/// <summary>
/// <paramref name="Count"/> uses of an ε-DP mechanism: Laplace, exponential, truncated geometric, randomized response.
/// </summary>
/// <param name="Epsilon">The pure DP parameter of one use.</param>
/// <param name="Count">How many uses.</param>
public sealed record PureDpEvent(double Epsilon, long Count = 1) : PrivacyEvent
{
    /// <summary>The pure DP parameter of one use.</summary>
    public double Epsilon { get; } = NonNegative(Epsilon, nameof(Epsilon));

    /// <summary>How many uses.</summary>
    public long Count { get; } = AtLeastOne(Count, nameof(Count));
}
