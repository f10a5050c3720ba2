using System.Globalization;
using OrleansFed.Interfaces.Pate;

namespace OrleansFed.Cli.Simulation.Pate;

/// <summary>
/// The PATE mechanism names of <c>simulate --protocol pate --aggregator</c> and their default noise settings.
/// Defaults follow Papernot et al. 2018 (MNIST, 250 teachers: Confident-GNMax T = 200, σ₁ = 150, σ₂ = 40; GNMax σ = 40)
/// and Papernot et al. 2017 (LNMax γ = 0.05), scaled to the teacher count: vote counts grow linearly with the number of
/// teachers, so threshold and noise scales are multiplied by teachers / 250 to keep the same signal-to-noise ratio
/// (100 teachers: T = 80, σ₁ = 60, σ₂ = 16, GNMax σ = 16, LNMax γ = 0.125). Zhao's local variant defaults to ε = 1 per
/// teacher answer (docs/pate.md).
/// </summary>
internal static class PateAggregatorNames
{
    public const string LnMax = "lnmax";
    public const string GnMax = "gnmax";
    public const string ConfidentGnMax = "confident-gnmax";
    public const string LocalGeometric = "local-geometric";

    public static readonly string[] All = [LnMax, GnMax, ConfidentGnMax, LocalGeometric];

    private const double ReferenceTeachers = 250;

    /// <summary>Builds the spec from a name and optional overrides (null: the scaled default).</summary>
    public static PateAggregatorSpec Create(
        string name, int teachers, double? gamma, double? sigma, double? threshold, double? thresholdSigma, double? localEpsilon)
    {
        double scale = teachers / ReferenceTeachers;
        return name switch
        {
            LnMax => PateAggregatorSpec.LnMax(gamma ?? 0.05 / scale),
            GnMax => PateAggregatorSpec.GnMax(sigma ?? 40 * scale),
            ConfidentGnMax => PateAggregatorSpec.ConfidentGnMax(threshold ?? 200 * scale, thresholdSigma ?? 150 * scale, sigma ?? 40 * scale),
            LocalGeometric => PateAggregatorSpec.LocalGeometric(localEpsilon ?? 1.0),
            _ => throw new UsageException($"--aggregator must be one of {string.Join(", ", All)} with --protocol pate; got '{name}'."),
        };
    }

    /// <summary>A canonical description, e.g. <c>confident-gnmax:threshold=80,sigma1=60,sigma2=16</c>.</summary>
    public static string Describe(PateAggregatorSpec spec) => spec.Kind switch
    {
        PateAggregatorKind.LnMax => string.Create(CultureInfo.InvariantCulture, $"{LnMax}:gamma={spec.Gamma:G6}"),
        PateAggregatorKind.GnMax => string.Create(CultureInfo.InvariantCulture, $"{GnMax}:sigma={spec.Sigma:G6}"),
        PateAggregatorKind.ConfidentGnMax => string.Create(CultureInfo.InvariantCulture,
            $"{ConfidentGnMax}:threshold={spec.Threshold:G6},sigma1={spec.ThresholdSigma:G6},sigma2={spec.Sigma:G6}"),
        PateAggregatorKind.LocalGeometric => string.Create(CultureInfo.InvariantCulture, $"{LocalGeometric}:epsilon={spec.LocalEpsilon:G6}"),
        _ => spec.Kind.ToString(),
    };
}
