namespace OrleansFed.Learning;

/// <summary>Splits a data set among parties.</summary>
public interface IPartitioner
{
    /// <summary>
    /// The example indices of each party (disjoint, each sorted ascending, every party non-empty). Equal seeds
    /// give equal splits.
    /// </summary>
    /// <param name="data">The data set to split.</param>
    /// <param name="parties">Number of parties.</param>
    /// <param name="seed">Seed.</param>
    /// <returns>One index array per party.</returns>
    int[][] Split(Dataset data, int parties, int seed);
}
