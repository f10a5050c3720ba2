namespace OrleansFed.Grains.SecProbe;

/// <summary>
/// The silo's auxiliary validation set and utility for SecProbe: scores an uploaded model (accuracy for
/// classification, the clipped relative-error utility for regression). Registered as a silo service.
/// </summary>
public interface ISecProbeValidator
{
    /// <summary>The utility of <paramref name="weights"/> on the validation set, in [0, 1].</summary>
    /// <param name="weights">The uploaded weights.</param>
    /// <returns>The utility.</returns>
    double Score(ReadOnlySpan<float> weights);
}
