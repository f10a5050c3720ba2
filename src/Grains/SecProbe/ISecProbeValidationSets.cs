using OrleansFed.Learning;

namespace OrleansFed.Grains.SecProbe;

/// <summary>The silo's named auxiliary validation sets for SecProbe campaigns (configured by the operator).</summary>
public interface ISecProbeValidationSets
{
    /// <summary>The configured names, sorted.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>The validation set called <paramref name="name"/>, loaded once.</summary>
    /// <param name="name">Its configured name.</param>
    /// <returns>The data.</returns>
    /// <exception cref="Interfaces.Errors.InvalidRequestException">No set of that name is configured.</exception>
    Dataset Get(string name);
}
