using OrleansFed.Interfaces.Errors;

namespace OrleansFed.Grains.SecProbe;

/// <summary>A host with exactly one validator (the in-process simulator): rounds must not name a validation set.</summary>
/// <param name="validator">The validator every round uses.</param>
public sealed class FixedSecProbeValidatorResolver(ISecProbeValidator validator) : ISecProbeValidatorResolver
{
    /// <inheritdoc />
    public ISecProbeValidator Resolve(SecProbeRoundSpec spec) => spec.ValidationSet is null
        ? validator
        : throw new InvalidRequestException($"This host has one fixed validator; the round names validation set '{spec.ValidationSet}'.");
}
