using OrleansFed.Learning.SecProbe;

namespace OrleansFed.Grains.SecProbe;

/// <summary>Regression utility: the clipped relative-error utility (Eq. 6) on the silo's validation set.</summary>
/// <param name="network">The architecture uploads follow.</param>
/// <param name="validation">The silo's auxiliary validation set.</param>
public sealed class RegressionValidator(SecProbeNetwork network, RegressionData validation) : ISecProbeValidator
{
    /// <inheritdoc />
    public double Score(ReadOnlySpan<float> weights) => RegressionMetrics.ClippedRelativeErrorUtility(network, weights, validation);
}
