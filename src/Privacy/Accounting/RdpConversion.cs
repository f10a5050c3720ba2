namespace OrleansFed.Privacy.Accounting;

/// <summary>How an RDP curve is converted into an (ε, δ) guarantee.</summary>
public enum RdpConversion
{
    /// <summary>
    /// Canonne, Kamath and Steinke 2020 / Asoodeh et al. 2021, as TF Privacy and Opacus use:
    /// ε = rdp(α) + ln(1 − 1/α) − (ln δ + ln α)/(α − 1). Never worse than <see cref="Classic"/>.
    /// </summary>
    Improved,

    /// <summary>Mironov 2017, Proposition 3: ε = rdp(α) − ln δ/(α − 1).</summary>
    Classic,
}
