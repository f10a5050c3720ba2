using System.Text.Json.Serialization;

namespace OrleansFed.Privacy.Accounting;

/// <summary>
/// One use of a privacy mechanism, as recorded in a <see cref="PrivacyLedger"/>. Mechanisms draw noise;
/// accountants turn a history of these events into an (ε, δ) guarantee.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SubsampledGaussianEvent), "subsampled-gaussian")]
[JsonDerivedType(typeof(SampledWithoutReplacementGaussianEvent), "sampled-wor-gaussian")]
[JsonDerivedType(typeof(GaussianEvent), "gaussian")]
[JsonDerivedType(typeof(PureDpEvent), "pure-dp")]
[JsonDerivedType(typeof(ApproximateDpEvent), "approximate-dp")]
[JsonDerivedType(typeof(LaplaceNoisyMaxEvent), "laplace-noisy-max")]
[JsonDerivedType(typeof(GnMaxEvent), "gnmax")]
[JsonDerivedType(typeof(ConfidentThresholdEvent), "confident-threshold")]
public abstract record PrivacyEvent
{
    private protected static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "Must be positive and finite.");

    private protected static double NonNegative(double value, string name) =>
        value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "Must be non-negative and finite.");

    private protected static long AtLeastOne(long value, string name) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, "Must be at least 1.");
}
