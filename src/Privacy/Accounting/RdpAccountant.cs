namespace OrleansFed.Privacy.Accounting;

/// <summary>
/// The Rényi-DP accountant: sums each event's RDP curve over a fixed list of orders and converts the total to
/// (ε, δ). Understands the Gaussian (Poisson-subsampled, subsampled without replacement, or not subsampled), pure DP,
/// LNMax, GNMax and Confident-GNMax threshold events.
/// </summary>
public sealed class RdpAccountant : IPrivacyAccountant
{
    private readonly double[] _orders;

    /// <summary>Creates an accountant over <paramref name="orders"/> (TF Privacy's defaults when null).</summary>
    /// <param name="orders">Rényi orders, each &gt; 1.</param>
    /// <param name="conversion">The RDP → (ε, δ) conversion.</param>
    public RdpAccountant(IReadOnlyList<double>? orders = null, RdpConversion conversion = RdpConversion.Improved)
    {
        _orders = [.. orders ?? RdpOrders.Default];
        if (_orders.Length == 0 || _orders.Any(a => !(a > 1)))
        {
            throw new ArgumentException("Rényi orders must be non-empty and each exceed 1.", nameof(orders));
        }

        Conversion = conversion;
    }

    /// <summary>The Rényi orders tracked.</summary>
    public IReadOnlyList<double> Orders => _orders;

    /// <summary>The conversion applied by <see cref="GetGuarantee"/>.</summary>
    public RdpConversion Conversion { get; }

    /// <summary>The total RDP of the ledger at each of <see cref="Orders"/>.</summary>
    /// <param name="ledger">The history of mechanism events.</param>
    public double[] ComputeRdp(PrivacyLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var total = new double[_orders.Length];
        foreach (var e in ledger.Events)
        {
            for (int i = 0; i < _orders.Length; i++)
            {
                total[i] += EventRdp(e, _orders[i]);
            }
        }

        return total;
    }

    /// <inheritdoc />
    public PrivacyGuarantee GetGuarantee(PrivacyLedger ledger, double delta) =>
        RdpToDp.Epsilon(_orders, ComputeRdp(ledger), delta, Conversion);

    /// <summary>The RDP at order <paramref name="order"/> of a single event.</summary>
    /// <param name="privacyEvent">The event.</param>
    /// <param name="order">The Rényi order α &gt; 1.</param>
    public static double EventRdp(PrivacyEvent privacyEvent, double order) => privacyEvent switch
    {
        SubsampledGaussianEvent e => e.Steps * SubsampledGaussianRdp.Compute(e.SamplingRate, e.NoiseMultiplier, order),
        SampledWithoutReplacementGaussianEvent e => e.Steps * WithoutReplacementGaussianRdp.Compute(e.SamplingRate, e.NoiseMultiplier, order),
        GaussianEvent e => e.Count * order / (2 * e.NoiseMultiplier * e.NoiseMultiplier),
        PureDpEvent e => e.Count * PureDpRdp(e.Epsilon, order),
        LaplaceNoisyMaxEvent e => LnMaxAnalysis.Rdp(e.Q ?? 1.0, 2 * e.NoiseInverseScale, order),
        GnMaxEvent e => e.LogQ is { } logQ
            ? GnMaxAnalysis.Rdp(logQ, e.Sigma, order)
            : GnMaxAnalysis.DataIndependentRdp(e.Sigma, order),
        ConfidentThresholdEvent e => e.LogPrAnswered is { } logPr
            ? GnMaxAnalysis.ThresholdRdp(logPr, e.Sigma, order)
            : GnMaxAnalysis.DataIndependentThresholdRdp(e.Sigma, order),
        ApproximateDpEvent => throw new NotSupportedException(
            "An (ε, δ)-DP event has no RDP curve; account for it with the CompositionAccountant."),
        null => throw new ArgumentNullException(nameof(privacyEvent)),
        _ => throw new NotSupportedException($"The RDP accountant cannot analyse {privacyEvent.GetType().Name}."),
    };

    // ε-DP implies ½ε²-zCDP (Bun and Steinke 2016), i.e. RDP α ε²/2, and trivially RDP ≤ ε.
    private static double PureDpRdp(double epsilon, double order) => Math.Min(epsilon, 0.5 * epsilon * epsilon * order);
}
