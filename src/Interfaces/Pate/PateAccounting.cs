namespace OrleansFed.Interfaces.Pate;

/// <summary>Which analysis the coordinator records for central mechanisms.</summary>
public enum PateAccounting
{
    /// <summary>
    /// The data-dependent analyses (LNMax moments with q, GNMax Theorem 6, the threshold's Pr[answered]): much smaller ε
    /// at strong consensus, but the resulting ε is itself data-dependent and must stay with the coordinator.
    /// </summary>
    DataDependent = 0,

    /// <summary>The data-independent bounds: larger ε, but the stopping point reveals nothing about the votes.</summary>
    DataIndependent = 1,
}
