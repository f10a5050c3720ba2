using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using OrleansFed.Grains.DifferentialPrivacy;

namespace OrleansFed.Cli.Commands;

/// <summary>
/// <c>simulate</c>'s differential-privacy flags: <c>--noise-multiplier σ</c>, <c>--clip C</c>, <c>--delta δ</c>,
/// <c>--adaptive-clipping</c> and <c>--dp-sampling</c>, folded into the <c>--privacy</c> spec of <c>dp-sgd</c>, <c>dp-central</c> and
/// <c>dp-distributed</c>.
/// </summary>
internal sealed class DpSimulateOptions
{
    public Option<double?> NoiseMultiplier { get; } = new("--noise-multiplier")
    {
        Description = "dp-sgd / dp-central / dp-distributed: noise multiplier σ (noise std over the clipping norm); required for those modes",
        HelpName = "SIGMA",
    };

    public Option<double?> Clip { get; } = new("--clip")
    {
        Description = "dp-sgd: per-example clipping norm; dp-central / dp-distributed: per-update L2 clipping norm (initial norm with --adaptive-clipping). Default 1 (0.1 adaptive)",
        HelpName = "C",
    };

    private readonly Option<double> _delta;

    /// <summary>Creates the flags; <c>--delta</c> is shared with PATE's options and passed in.</summary>
    public DpSimulateOptions(Option<double> delta) => _delta = delta;

    public Option<bool> Adaptive { get; } = new("--adaptive-clipping")
    {
        Description = "dp-central: adapt the clipping norm to the median update norm (Andrew et al.; Flower's defaults)",
    };

    public Option<string?> Sampling { get; } = new Option<string?>("--dp-sampling")
    {
        Description = "dp-central: how participants are sampled — poisson (each with probability --sample-fraction; the default, the sampling the ε assumes) or fixed (a fixed-size subset)",
        HelpName = "poisson|fixed",
    }.AcceptOnlyFromAmong(PrivacyModeSpec.PoissonSampling, PrivacyModeSpec.FixedSampling);

    /// <summary>The flags this class adds to the command (<c>--delta</c> is added by its owner).</summary>
    public IEnumerable<Option> All => [NoiseMultiplier, Clip, Adaptive, Sampling];

    /// <summary>The full privacy spec from the parsed command line, or an error.</summary>
    public string? Resolve(ParseResult parse, string privacy, out string? error) =>
        Resolve(privacy, parse.GetValue(NoiseMultiplier), parse.GetValue(Clip),
            parse.GetResult(_delta) is { Implicit: false } ? parse.GetValue(_delta) : null, parse.GetValue(Adaptive), parse.GetValue(Sampling), out error);

    /// <summary>The full privacy spec while validating the command, or an error.</summary>
    public string? Resolve(CommandResult result, string privacy, out string? error) =>
        Resolve(privacy, result.GetValue(NoiseMultiplier), result.GetValue(Clip),
            result.GetResult(_delta) is { Implicit: false } ? result.GetValue(_delta) : null, result.GetValue(Adaptive), result.GetValue(Sampling), out error);

    private static string? Resolve(string privacy, double? sigma, double? clip, double? delta, bool adaptive, string? sampling, out string? error)
    {
        error = null;
        var flags = sigma is not null || clip is not null || delta is not null || adaptive || sampling is not null;
        if (!PrivacyModeSpec.IsDpMode(privacy))
        {
            // --delta is shared with PATE, so only the DP-only flags are refused here.
            if (sigma is not null || clip is not null || adaptive || sampling is not null)
            {
                error = "--noise-multiplier, --clip, --adaptive-clipping and --dp-sampling apply only to --privacy dp-sgd, dp-central or dp-distributed.";
            }

            return privacy;
        }

        var spec = privacy;
        if (flags)
        {
            if (privacy.Contains(':', StringComparison.Ordinal))
            {
                error = "Give the DP settings either in the --privacy spec (mode:sigma=…) or as flags, not both.";
                return null;
            }

            var parts = new List<string>();
            if (sigma is { } s)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"sigma={s:R}"));
            }

            if (clip is { } c)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"clip={c:R}"));
            }

            if (delta is { } d)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"delta={d:R}"));
            }

            if (adaptive)
            {
                parts.Add("adaptive=true");
            }

            if (sampling is not null)
            {
                parts.Add($"sampling={sampling}");
            }

            spec = $"{privacy.Trim()}:{string.Join(',', parts)}";
        }

        if (!PrivacyModeSpec.TryParse(spec, out var parsed, out var problem))
        {
            error = $"--privacy: {problem}";
            return null;
        }

        return parsed!.ToString();
    }
}
