namespace OrleansFed.Grains.SecProbe;

/// <summary>Finds the validator that scores a round's uploads (a fixed one, or the silo's named validation sets).</summary>
public interface ISecProbeValidatorResolver
{
    /// <summary>The validator for <paramref name="spec"/>.</summary>
    /// <param name="spec">The round.</param>
    /// <returns>The validator.</returns>
    /// <exception cref="Interfaces.Errors.InvalidRequestException">The spec names no validator this host has.</exception>
    ISecProbeValidator Resolve(SecProbeRoundSpec spec);
}
