namespace OrleansFed.Privacy.Accounting;

/// <summary>An (ε, δ) differential-privacy guarantee, with the Rényi order that achieved it when RDP was used.</summary>
/// <param name="Epsilon">The privacy loss bound ε.</param>
/// <param name="Delta">The failure probability δ.</param>
/// <param name="Order">The optimal Rényi order, or <see langword="null"/> when the guarantee did not come from RDP.</param>
public sealed record PrivacyGuarantee(double Epsilon, double Delta, double? Order = null);
