using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>
/// Who shares keys and masks with whom. SecAgg (Bonawitz et al. 2017) uses the complete graph; SecAgg+ (Bell et al.
/// 2020) a random k-regular Harary graph: parties are placed on a ring in a random order and each is joined to the
/// k/2 nearest on either side, so client cost grows with k instead of n.
/// </summary>
/// <param name="RingOrder">Every party id, in the (random) ring order the server chose.</param>
/// <param name="Degree">k, an even number of neighbours per party, or 0 for the complete graph.</param>
public sealed record NeighbourGraph(IReadOnlyList<int> RingOrder, int Degree)
{
    /// <summary>Every party id, in ring order.</summary>
    public IReadOnlyList<int> RingOrder { get; } = Validate(RingOrder, Degree);

    /// <summary>k, or 0 for the complete graph.</summary>
    public int Degree { get; } = Degree;

    /// <summary>Whether every party neighbours every other.</summary>
    public bool IsComplete => Degree == 0 || Degree >= RingOrder.Count - 1;

    /// <summary>The complete graph over <paramref name="parties"/> (plain SecAgg).</summary>
    /// <param name="parties">The party ids.</param>
    public static NeighbourGraph Complete(IEnumerable<int> parties) => new([.. parties.Order()], 0);

    /// <summary>A random Harary graph of even degree <paramref name="degree"/> (SecAgg+); complete when degree ≥ n − 1.</summary>
    /// <param name="parties">The party ids.</param>
    /// <param name="degree">k: even and ≥ 2, or 0 for complete.</param>
    /// <param name="random">The secure source for the ring order.</param>
    public static NeighbourGraph Harary(IEnumerable<int> parties, int degree, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int[] order = [.. parties.Order()];
        if (degree == 0 || degree >= order.Length - 1)
        {
            return new NeighbourGraph(order, 0);
        }

        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)random.NextUInt64((ulong)i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return new NeighbourGraph(order, degree);
    }

    /// <summary>The neighbours of <paramref name="party"/>, in increasing id order, excluding itself.</summary>
    /// <param name="party">A party in the graph.</param>
    public IReadOnlyList<int> NeighboursOf(int party)
    {
        int position = IndexOf(party);
        if (IsComplete)
        {
            return [.. RingOrder.Where(p => p != party).Order()];
        }

        int n = RingOrder.Count;
        var neighbours = new List<int>(Degree);
        for (int step = 1; step <= Degree / 2; step++)
        {
            neighbours.Add(RingOrder[(position + step) % n]);
            neighbours.Add(RingOrder[(position - step + n) % n]);
        }

        neighbours.Sort();
        return neighbours;
    }

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> are neighbours.</summary>
    /// <param name="a">A party.</param>
    /// <param name="b">Another party.</param>
    public bool AreNeighbours(int a, int b)
    {
        if (a == b)
        {
            return false;
        }

        int pa = IndexOf(a);
        int pb = IndexOf(b);
        if (IsComplete)
        {
            return true;
        }

        int n = RingOrder.Count;
        int distance = Math.Abs(pa - pb);
        return Math.Min(distance, n - distance) <= Degree / 2;
    }

    /// <summary>Whether <paramref name="party"/> is in the graph.</summary>
    /// <param name="party">A party id.</param>
    public bool Contains(int party) => RingOrder.Contains(party);

    private int IndexOf(int party)
    {
        for (int i = 0; i < RingOrder.Count; i++)
        {
            if (RingOrder[i] == party)
            {
                return i;
            }
        }

        throw new ArgumentException($"Party {party} is not in the graph.", nameof(party));
    }

    private static IReadOnlyList<int> Validate(IReadOnlyList<int> order, int degree)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Count < 2 || order.Distinct().Count() != order.Count || order.Any(p => p < 1))
        {
            throw new ArgumentException("A neighbour graph needs at least two distinct positive party ids.", nameof(order));
        }

        if (degree < 0 || (degree != 0 && degree < order.Count - 1 && (degree % 2 != 0 || degree < 2)))
        {
            throw new ArgumentOutOfRangeException(nameof(degree), "The degree must be 0 (complete) or an even number ≥ 2.");
        }

        return [.. order];
    }
}
