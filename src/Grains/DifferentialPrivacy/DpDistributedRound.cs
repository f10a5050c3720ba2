using System.Diagnostics.CodeAnalysis;
using OrleansFed.Interfaces.Api;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Grains.DifferentialPrivacy;

/// <summary>
/// The <c>dp-distributed</c> encoding of one round, as the silo and every participant derive it from the same public
/// values: the mode's z and C, the round's selected count N, its secure-aggregation threshold t and bits, and the model
/// size d (src/Privacy's <see cref="DistributedGaussianUpdateCodec"/>).
/// </summary>
public static class DpDistributedRound
{
    /// <summary>Whether <paramref name="spec"/> is a <c>dp-distributed</c> spec.</summary>
    /// <param name="spec">A privacy mode spec.</param>
    /// <returns><see langword="true"/> for <c>dp-distributed</c>.</returns>
    public static bool Is(string? spec) => PrivacyModes.NameOf(spec) == PrivacyModes.DpDistributed;

    /// <summary>The round's codec, or why its settings are refused (e.g. the noisy sum could wrap the ring).</summary>
    /// <param name="spec">The parsed <c>dp-distributed</c> settings.</param>
    /// <param name="selected">N: participants selected for the round.</param>
    /// <param name="parameterCount">d.</param>
    /// <param name="codec">The codec.</param>
    /// <param name="error">Why the round cannot run with these settings.</param>
    /// <returns>Whether the settings are accepted.</returns>
    public static bool TryCodec(
        PrivacyModeSpec spec, int selected, int parameterCount,
        [NotNullWhen(true)] out DistributedGaussianUpdateCodec? codec, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var transport = spec.Transport ?? throw new ArgumentException("Not a dp-distributed spec.", nameof(spec));
        return DistributedGaussianUpdateCodec.TryCreate(
            parameterCount, spec.ClipNorm, spec.NoiseMultiplier, transport.ThresholdFor(selected), selected, transport.Bits, out codec, out error);
    }

    /// <summary>The round's codec.</summary>
    /// <param name="spec">The parsed <c>dp-distributed</c> settings.</param>
    /// <param name="selected">N.</param>
    /// <param name="parameterCount">d.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentException">The settings are refused.</exception>
    public static DistributedGaussianUpdateCodec Codec(PrivacyModeSpec spec, int selected, int parameterCount) =>
        TryCodec(spec, selected, parameterCount, out var codec, out var error) ? codec : throw new ArgumentException(error, nameof(spec));
}
