namespace OrleansFed.Interfaces.Pate;

/// <summary>How one teacher's vote on one query is encoded before it is summed into a histogram.</summary>
public enum VoteEncoding
{
    /// <summary>A one-hot vector: exactly one class gets 1 (central mechanisms: LNMax, GNMax, Confident-GNMax).</summary>
    OneHot = 0,

    /// <summary>
    /// A one-hot vector perturbed coordinate-wise by the teacher with the truncated geometric mechanism on [0, 1]
    /// (Zhao's local variant): any vector in {0, 1}^classes.
    /// </summary>
    LocallyPerturbed = 1,
}
