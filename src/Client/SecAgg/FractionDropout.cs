namespace OrleansFed.Client.SecAgg;

/// <summary>
/// Drops ⌊fraction · |U1| + ½⌋ parties of every round attempt after share-keys, the same set on every node: the roster is
/// shuffled with a generator seeded by (seed, round, attempt) and the first ones drop. For experiments only.
/// </summary>
/// <param name="fraction">Fraction in [0, 1).</param>
/// <param name="seed">Experiment seed.</param>
public sealed class FractionDropout(double fraction, int seed) : ISecAggDropout
{
    /// <summary>The fraction.</summary>
    public double Fraction { get; } = fraction is >= 0 and < 1 ? fraction : throw new ArgumentOutOfRangeException(nameof(fraction));

    /// <inheritdoc />
    public bool DropsAfterShareKeys(int round, int attempt, IReadOnlyList<int> parties, int partyId)
    {
        ArgumentNullException.ThrowIfNull(parties);
        return Dropped(round, attempt, parties).Contains(partyId);
    }

    /// <summary>The parties that drop in a round attempt.</summary>
    /// <param name="round">Round.</param>
    /// <param name="attempt">Attempt.</param>
    /// <param name="parties">U1.</param>
    /// <returns>The dropped party ids.</returns>
    public IReadOnlySet<int> Dropped(int round, int attempt, IReadOnlyList<int> parties)
    {
        ArgumentNullException.ThrowIfNull(parties);
        var order = parties.Order().ToArray();
        // Experiment selection, not a secret: a seeded PRNG keeps every node's choice identical.
#pragma warning disable CA5394
        new Random(HashCode.Combine(seed, round, attempt)).Shuffle(order);
#pragma warning restore CA5394
        var count = (int)Math.Floor((Fraction * order.Length) + 0.5);
        return order.Take(count).ToHashSet();
    }
}
