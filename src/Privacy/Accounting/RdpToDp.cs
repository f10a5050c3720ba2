namespace OrleansFed.Privacy.Accounting;

/// <summary>Converts an RDP curve into the tightest (ε, δ) guarantee over its orders.</summary>
public static class RdpToDp
{
    /// <summary>The smallest ε over all orders for the given δ.</summary>
    /// <param name="orders">Rényi orders, each &gt; 1.</param>
    /// <param name="rdp">The RDP value at each order (non-negative, possibly +∞).</param>
    /// <param name="delta">The target δ in (0, 1).</param>
    /// <param name="conversion">Which conversion bound to apply.</param>
    /// <returns>ε ≥ 0, δ and the order achieving it.</returns>
    public static PrivacyGuarantee Epsilon(ReadOnlySpan<double> orders, ReadOnlySpan<double> rdp, double delta, RdpConversion conversion = RdpConversion.Improved)
    {
        if (orders.Length != rdp.Length || orders.IsEmpty)
        {
            throw new ArgumentException("Orders and RDP values must be non-empty and of equal length.", nameof(rdp));
        }

        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), "δ must lie in (0, 1).");
        }

        double bestEpsilon = double.PositiveInfinity;
        double bestOrder = orders[0];
        double logDelta = Math.Log(delta);
        for (int i = 0; i < orders.Length; i++)
        {
            double alpha = orders[i];
            double r = rdp[i];
            if (!(alpha > 1))
            {
                throw new ArgumentOutOfRangeException(nameof(orders), "Rényi orders must exceed 1.");
            }

            if (!(r >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(rdp), "RDP values must be non-negative.");
            }

            double epsilon = conversion switch
            {
                RdpConversion.Classic => r - logDelta / (alpha - 1),
                RdpConversion.Improved => ImprovedEpsilon(alpha, r, logDelta, delta),
                _ => throw new ArgumentOutOfRangeException(nameof(conversion)),
            };

            if (epsilon < bestEpsilon)
            {
                bestEpsilon = epsilon;
                bestOrder = alpha;
            }
        }

        return new PrivacyGuarantee(Math.Max(0, bestEpsilon), delta, bestOrder);
    }

    private static double ImprovedEpsilon(double alpha, double rdp, double logDelta, double delta)
    {
        // When δ² ≥ 1 − e^-rdp the bound is already met at ε = 0 (TF Privacy's guard against a log of a negative).
        if (delta * delta + Numerics.SpecialFunctions.ExpMinusOne(-rdp) >= 0)
        {
            return 0;
        }

        return rdp + Numerics.SpecialFunctions.LogOnePlus(-1 / alpha) - (logDelta + Math.Log(alpha)) / (alpha - 1);
    }
}
