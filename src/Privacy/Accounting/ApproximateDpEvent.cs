namespace OrleansFed.Privacy.Accounting;

/// <summary><paramref name="Count"/> uses of a mechanism known only to be (ε, δ)-DP; only composition theorems account for it.</summary>
/// <param name="Epsilon">ε of one use.</param>
/// <param name="Delta">δ of one use.</param>
/// <param name="Count">How many uses.</param>
public sealed record ApproximateDpEvent(double Epsilon, double Delta, long Count = 1) : PrivacyEvent
{
    /// <summary>ε of one use.</summary>
    public double Epsilon { get; } = NonNegative(Epsilon, nameof(Epsilon));

    /// <summary>δ of one use.</summary>
    public double Delta { get; } = Delta is >= 0 and < 1
        ? Delta
        : throw new ArgumentOutOfRangeException(nameof(Delta), Delta, "Must lie in [0, 1).");

    /// <summary>How many uses.</summary>
    public long Count { get; } = AtLeastOne(Count, nameof(Count));
}
