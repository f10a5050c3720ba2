using System.Globalization;
using OrleansFed.Client.Participant;

namespace OrleansFed.Client.Adversaries;

/// <summary>
/// Attack specs of simulated Byzantine participants: <c>random</c> (<see cref="RandomWeightsAttack"/>) and
/// <c>sign-flip</c>, <c>sign-flip:S</c> or <c>sign-flip:scale=S</c> (<see cref="SignFlipAttack"/>, S &gt; 0, default 1).
/// Names are case-insensitive.
/// </summary>
public static class UpdateAttack
{
    /// <summary>Name of the random-weights attack.</summary>
    public const string Random = "random";

    /// <summary>Name of the sign-flipping attack.</summary>
    public const string SignFlip = "sign-flip";

    /// <summary>Every attack name.</summary>
    public static IReadOnlyList<string> Names { get; } = [Random, SignFlip];

    /// <summary>Parses an attack spec into the transform one attacker applies.</summary>
    /// <param name="spec">The spec, e.g. <c>sign-flip:4</c>.</param>
    /// <param name="seed">Seed of this attacker's random draws (used by <c>random</c>).</param>
    /// <returns>The transform.</returns>
    /// <exception cref="FormatException">Unknown attack, or a bad parameter; the message says which.</exception>
    public static IUpdateTransform Parse(string spec, long seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var text = spec.Trim().ToLowerInvariant();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? text : text[..colon];
        var argument = colon < 0 ? null : text[(colon + 1)..];
        switch (name)
        {
            case Random:
                if (argument is not null)
                {
                    throw new FormatException($"Attack '{Random}' takes no parameter; got '{argument}'.");
                }

                return new RandomWeightsAttack(seed);
            case SignFlip:
                if (argument is null)
                {
                    return new SignFlipAttack();
                }

                if (argument.StartsWith("scale=", StringComparison.Ordinal))
                {
                    argument = argument["scale=".Length..];
                }

                if (!float.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) || !(scale > 0) || !float.IsFinite(scale))
                {
                    throw new FormatException($"Attack '{SignFlip}': scale must be a positive number, got '{argument}'.");
                }

                return new SignFlipAttack(scale);
            default:
                throw new FormatException($"Unknown attack '{name}'; expected one of: {Random}, {SignFlip}[:scale].");
        }
    }
}
