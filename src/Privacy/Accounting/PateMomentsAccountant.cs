namespace OrleansFed.Privacy.Accounting;

/// <summary>
/// The moments accountant of the original PATE analysis (Papernot et al. 2017): sums the log-moments of
/// <see cref="LaplaceNoisyMaxEvent"/>s at λ = 1…<see cref="MaxMoment"/> and returns min over λ of (α(λ) + ln(1/δ))/λ.
/// </summary>
public sealed class PateMomentsAccountant : IPrivacyAccountant
{
    /// <summary>Creates an accountant tracking moments 1…<paramref name="maxMoment"/> (the paper uses 8).</summary>
    /// <param name="maxMoment">The largest moment λ tracked.</param>
    public PateMomentsAccountant(int maxMoment = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMoment, 1);
        MaxMoment = maxMoment;
    }

    /// <summary>The largest moment λ tracked.</summary>
    public int MaxMoment { get; }

    /// <summary>The summed log-moment at each λ = 1…<see cref="MaxMoment"/>.</summary>
    /// <param name="ledger">A ledger of <see cref="LaplaceNoisyMaxEvent"/>s.</param>
    public double[] ComputeLogMoments(PrivacyLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var total = new double[MaxMoment];
        foreach (var e in ledger.Events)
        {
            if (e is not LaplaceNoisyMaxEvent lnmax)
            {
                throw new NotSupportedException($"The PATE moments accountant analyses LNMax events only, not {e.GetType().Name}.");
            }

            for (int l = 1; l <= MaxMoment; l++)
            {
                total[l - 1] += LnMaxAnalysis.LogMoment(lnmax.Q ?? 1.0, 2 * lnmax.NoiseInverseScale, l);
            }
        }

        return total;
    }

    /// <inheritdoc />
    public PrivacyGuarantee GetGuarantee(PrivacyLedger ledger, double delta)
    {
        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), "δ must lie in (0, 1).");
        }

        var lambdas = Enumerable.Range(1, MaxMoment).Select(l => (double)l).ToArray();
        return LnMaxAnalysis.Epsilon(lambdas, ComputeLogMoments(ledger), delta);
    }
}
