using System.Globalization;
using System.Text;

namespace OrleansFed.Grains.Aggregation;

/// <summary>
/// A parsed aggregation rule spec such as <c>"trimmed-mean:0.2"</c> or <c>"multi-krum:f=2,m=5"</c>: the rule name plus
/// its parameters with defaults filled in. Parsing happens only here; <see cref="ToString"/> gives the canonical form that
/// is stored in the campaign configuration and round plans.
/// </summary>
public sealed record AggregatorSpec
{
    /// <summary>Rule name of federated averaging (the default).</summary>
    public const string FedAvg = "fedavg";

    /// <summary>Rule name of FedProx.</summary>
    public const string FedProx = "fedprox";

    /// <summary>Rule name of FedAdam.</summary>
    public const string FedAdam = "fedadam";

    /// <summary>Rule name of FedYogi.</summary>
    public const string FedYogi = "fedyogi";

    /// <summary>Rule name of the coordinate-wise median.</summary>
    public const string Median = "median";

    /// <summary>Rule name of the coordinate-wise trimmed mean.</summary>
    public const string TrimmedMean = "trimmed-mean";

    /// <summary>Rule name of Multi-Krum.</summary>
    public const string MultiKrum = "multi-krum";

    /// <summary>Rule name of norm bounding.</summary>
    public const string NormBound = "norm-bound";

    /// <summary>Default FedProx μ.</summary>
    public const double DefaultMu = 0.01;

    /// <summary>Default trimmed-mean β (Flower's <c>FedTrimmedAvg</c> default).</summary>
    public const double DefaultTrimBeta = 0.2;

    /// <summary>Default FedAdam server learning rate η (Flower's default).</summary>
    public const double DefaultAdamEta = 0.1;

    /// <summary>Default FedYogi server learning rate η (Flower's default).</summary>
    public const double DefaultYogiEta = 0.01;

    /// <summary>Default first-moment decay β₁.</summary>
    public const double DefaultBeta1 = 0.9;

    /// <summary>Default second-moment decay β₂.</summary>
    public const double DefaultBeta2 = 0.99;

    /// <summary>Default adaptivity τ (Reddi et al.; Flower's current default).</summary>
    public const double DefaultTau = 1e-3;

    /// <summary>Every rule name, in documentation order.</summary>
    public static IReadOnlyList<string> RuleNames { get; } = [FedAvg, FedProx, FedAdam, FedYogi, Median, TrimmedMean, MultiKrum, NormBound];

    /// <summary>The default spec, <c>fedavg</c>.</summary>
    public static AggregatorSpec Default { get; } = new() { Rule = FedAvg };

    /// <summary>Rule name (lower case).</summary>
    public required string Rule { get; init; }

    /// <summary>FedProx proximal coefficient μ ≥ 0.</summary>
    public double Mu { get; init; }

    /// <summary>Trimmed-mean fraction β ∈ [0, 0.5) cut from each end per coordinate.</summary>
    public double TrimBeta { get; init; }

    /// <summary>Multi-Krum: assumed number of Byzantine participants f ≥ 0.</summary>
    public int ByzantineCount { get; init; }

    /// <summary>Multi-Krum: number of selected updates m ≥ 1; <see langword="null"/> = n − f.</summary>
    public int? SelectCount { get; init; }

    /// <summary>Norm bounding: largest L2 norm M &gt; 0 of an update's difference to the global model.</summary>
    public double Bound { get; init; }

    /// <summary>FedAdam/FedYogi server learning rate η &gt; 0.</summary>
    public double Eta { get; init; }

    /// <summary>FedAdam/FedYogi first-moment decay β₁ ∈ [0, 1).</summary>
    public double Beta1 { get; init; }

    /// <summary>FedAdam/FedYogi second-moment decay β₂ ∈ [0, 1).</summary>
    public double Beta2 { get; init; }

    /// <summary>FedAdam/FedYogi adaptivity τ &gt; 0.</summary>
    public double Tau { get; init; }

    /// <summary>Fewest updates the rule can aggregate: Multi-Krum needs n &gt; 2f + 2 and n ≥ m + f; others need one.</summary>
    public int MinimumUpdates => Rule == MultiKrum ? Math.Max(2 * ByzantineCount + 3, (SelectCount ?? 1) + ByzantineCount) : 1;

    /// <summary>Parses a spec; <see langword="null"/> or blank means <c>fedavg</c>.</summary>
    /// <param name="text">The spec, e.g. <c>"multi-krum:f=2,m=5"</c> (case-insensitive).</param>
    /// <returns>The spec with defaults filled in.</returns>
    /// <exception cref="FormatException">Unknown rule, unknown or repeated parameter, or a value out of range; the message says which.</exception>
    public static AggregatorSpec Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        var trimmed = text.Trim().ToLowerInvariant();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var rule = colon < 0 ? trimmed : trimmed[..colon];
        var args = AggregatorArguments.Split(rule, colon < 0 ? null : trimmed[(colon + 1)..]);
        var spec = rule switch
        {
            FedAvg => args.Done(Default),
            FedProx => args.Done(new AggregatorSpec { Rule = rule, Mu = args.Double("mu", DefaultMu, positional: true, min: 0) }),
            FedAdam or FedYogi => args.Done(new AggregatorSpec
            {
                Rule = rule,
                Eta = args.Double("eta", rule == FedAdam ? DefaultAdamEta : DefaultYogiEta, minExclusive: 0),
                Beta1 = args.Double("beta1", DefaultBeta1, min: 0, maxExclusive: 1),
                Beta2 = args.Double("beta2", DefaultBeta2, min: 0, maxExclusive: 1),
                Tau = args.Double("tau", DefaultTau, minExclusive: 0),
            }),
            Median => args.Done(new AggregatorSpec { Rule = rule }),
            TrimmedMean => args.Done(new AggregatorSpec
            {
                Rule = rule, TrimBeta = args.Double("beta", DefaultTrimBeta, positional: true, min: 0, maxExclusive: 0.5),
            }),
            MultiKrum => args.Done(new AggregatorSpec
            {
                Rule = rule, ByzantineCount = args.Int("f", 0, min: 0), SelectCount = args.OptionalInt("m", min: 1),
            }),
            NormBound => args.Done(new AggregatorSpec
            {
                Rule = rule, Bound = args.Double("bound", null, positional: true, minExclusive: 0),
            }),
            _ => throw new FormatException(
                $"Unknown aggregator '{rule}'; expected one of: {string.Join(", ", RuleNames)}."),
        };
        return spec;
    }

    /// <summary>Parses a spec without throwing.</summary>
    /// <param name="text">The spec.</param>
    /// <param name="spec">The parsed spec when valid.</param>
    /// <param name="error">Why it is invalid otherwise.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AggregatorSpec? spec, out string? error)
    {
        try
        {
            spec = Parse(text);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            spec = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>The canonical spec string, e.g. <c>trimmed-mean:beta=0.2</c>; parsing it gives an equal spec.</summary>
    /// <returns>The canonical form.</returns>
    public override string ToString()
    {
        var text = new StringBuilder(Rule);
        void Add(string name, double value) => text.Append(text.Length == Rule.Length ? ':' : ',')
            .Append(name).Append('=').Append(value.ToString("R", CultureInfo.InvariantCulture));
        switch (Rule)
        {
            case FedProx:
                Add("mu", Mu);
                break;
            case FedAdam or FedYogi:
                Add("eta", Eta);
                Add("beta1", Beta1);
                Add("beta2", Beta2);
                Add("tau", Tau);
                break;
            case TrimmedMean:
                Add("beta", TrimBeta);
                break;
            case MultiKrum:
                Add("f", ByzantineCount);
                if (SelectCount is { } m)
                {
                    Add("m", m);
                }

                break;
            case NormBound:
                Add("bound", Bound);
                break;
        }

        return text.ToString();
    }
}
