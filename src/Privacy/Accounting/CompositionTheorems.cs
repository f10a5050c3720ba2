namespace OrleansFed.Privacy.Accounting;

/// <summary>The basic and advanced composition theorems of (ε, δ)-differential privacy.</summary>
public static class CompositionTheorems
{
    /// <summary>Basic composition: the ε's and δ's add up.</summary>
    /// <param name="guarantees">The (ε, δ) of each mechanism.</param>
    public static PrivacyGuarantee Basic(IEnumerable<(double Epsilon, double Delta)> guarantees)
    {
        ArgumentNullException.ThrowIfNull(guarantees);
        double epsilon = 0;
        double delta = 0;
        foreach (var (e, d) in guarantees)
        {
            epsilon += e;
            delta += d;
        }

        return new PrivacyGuarantee(epsilon, delta);
    }

    /// <summary>
    /// Advanced composition (Dwork, Rothblum and Vadhan 2010): k-fold adaptive composition of (ε, δ)-DP mechanisms is
    /// (ε√(2k ln(1/δ′)) + kε(e^ε − 1), kδ + δ′)-DP.
    /// </summary>
    /// <param name="epsilon">ε of each mechanism.</param>
    /// <param name="delta">δ of each mechanism.</param>
    /// <param name="count">k, the number of compositions.</param>
    /// <param name="deltaSlack">δ′ &gt; 0, the extra failure probability spent to gain the square root.</param>
    public static PrivacyGuarantee Advanced(double epsilon, double delta, long count, double deltaSlack)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        ArgumentOutOfRangeException.ThrowIfNegative(delta);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1L);
        if (!(deltaSlack > 0 && deltaSlack < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(deltaSlack), "δ′ must lie in (0, 1).");
        }

        double k = count;
        double total = epsilon * Math.Sqrt(2 * k * Math.Log(1 / deltaSlack)) + k * epsilon * Numerics.SpecialFunctions.ExpMinusOne(epsilon);
        return new PrivacyGuarantee(total, k * delta + deltaSlack);
    }
}
