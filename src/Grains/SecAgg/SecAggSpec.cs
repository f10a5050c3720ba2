using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Grains.SecAgg;

/// <summary>
/// The settings of the <c>secagg</c> privacy mode:
/// <c>secagg[:degree=K][,threshold=T][,clip=C][,bits=B][,step=S]</c>. K is the SecAgg+ neighbourhood size (even; 0 =
/// the complete graph of plain SecAgg, the default), T the Shamir threshold (default ⌊k/2⌋ + 1 for the round's
/// effective degree k), C the per-coordinate clipping bound of the update delta (default 1), B the quantization bits
/// (16–32, default 32) and S the seconds each step after the first stays open (default 10).
/// </summary>
/// <param name="Degree">K, or 0 for the complete graph.</param>
/// <param name="Threshold">T, or <see langword="null"/> for the default.</param>
/// <param name="Clip">C.</param>
/// <param name="Bits">B.</param>
/// <param name="StepSeconds">S.</param>
public sealed record SecAggSpec(int Degree, int? Threshold, double Clip, int Bits, int StepSeconds)
{
    /// <summary>Default clipping bound.</summary>
    public const double DefaultClip = 1.0;

    /// <summary>Default quantization bits.</summary>
    public const int DefaultBits = 32;

    /// <summary>Default seconds per step.</summary>
    public const int DefaultStepSeconds = 10;

    /// <summary>Parses a spec; throws <see cref="ArgumentException"/> with the reason when invalid.</summary>
    /// <param name="spec">The privacy spec.</param>
    /// <returns>The settings.</returns>
    public static SecAggSpec Parse(string? spec) =>
        TryParse(spec, out var parsed, out var error) ? parsed : throw new ArgumentException(error, nameof(spec));

    /// <summary>Parses a spec.</summary>
    /// <param name="spec">The privacy spec (<c>secagg</c> or <c>secagg:…</c>).</param>
    /// <param name="parsed">The settings.</param>
    /// <param name="error">Why it is invalid.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool TryParse(string? spec, [NotNullWhen(true)] out SecAggSpec? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        error = null;
        if (PrivacyModes.NameOf(spec) != PrivacyModes.SecAgg)
        {
            error = $"'{spec}' is not a secagg spec.";
            return false;
        }

        int degree = 0;
        int? threshold = null;
        double clip = DefaultClip;
        int bits = DefaultBits;
        int step = DefaultStepSeconds;
        var colon = spec!.IndexOf(':', StringComparison.Ordinal);
        var settings = colon < 0 ? string.Empty : spec[(colon + 1)..];
        foreach (var part in settings.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? part : part[..eq].Trim().ToLowerInvariant();
            var value = eq < 0 ? string.Empty : part[(eq + 1)..].Trim();
            bool ok = key switch
            {
                "degree" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out degree),
                "threshold" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) && (threshold = t) is not null,
                "clip" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out clip),
                "bits" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out bits),
                "step" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out step),
                _ => false,
            };
            if (!ok)
            {
                error = $"secagg setting '{part}' is unknown or not a number (known: degree, threshold, clip, bits, step).";
                return false;
            }
        }

        error = degree < 0 || (degree != 0 && (degree < 2 || degree % 2 != 0)) ? "secagg degree must be 0 (complete graph) or an even number ≥ 2."
            : threshold is < 2 ? "secagg threshold must be at least 2."
            : threshold is { } th && degree > 0 && (th > degree || th <= degree / 2) ? "secagg threshold must be above degree/2 and at most the degree."
            : !double.IsFinite(clip) || clip <= 0 ? "secagg clip must be a positive finite number."
            : bits is < 16 or > 32 ? "secagg bits must be between 16 and 32."
            : step is < 1 or > 3600 ? "secagg step must be between 1 and 3600 seconds."
            : null;
        if (error is not null)
        {
            return false;
        }

        parsed = new SecAggSpec(degree, threshold, clip, bits, step);
        return true;
    }

    /// <summary>The threshold a round with <paramref name="selected"/> parties uses.</summary>
    /// <param name="selected">Parties selected for the round.</param>
    /// <returns>T, or ⌊k/2⌋ + 1 for the effective degree k.</returns>
    public int ThresholdFor(int selected)
    {
        var effective = Degree == 0 || Degree >= selected - 1 ? selected - 1 : Degree;
        return Threshold ?? Math.Max(2, (effective / 2) + 1);
    }

    /// <summary>The canonical spec.</summary>
    /// <returns>E.g. <c>secagg:degree=0,clip=1,bits=32,step=10</c>.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"secagg:degree={Degree}{(Threshold is { } t ? $",threshold={t}" : string.Empty)},clip={Clip:R},bits={Bits},step={StepSeconds}");
}
