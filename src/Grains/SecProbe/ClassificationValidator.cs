using OrleansFed.Learning;
using OrleansFed.Learning.SecProbe;

namespace OrleansFed.Grains.SecProbe;

/// <summary>Classification utility: accuracy on the silo's validation set (Δu = 1/2 in the paper's analysis).</summary>
/// <param name="network">The architecture uploads follow.</param>
/// <param name="validation">The silo's auxiliary validation set.</param>
public sealed class ClassificationValidator(SecProbeNetwork network, Dataset validation) : ISecProbeValidator
{
    /// <inheritdoc />
    public double Score(ReadOnlySpan<float> weights) => network.Accuracy(weights, validation);
}
