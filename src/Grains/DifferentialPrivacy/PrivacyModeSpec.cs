using System.Globalization;
using System.Text;
using OrleansFed.Grains.SecAgg;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Grains.DifferentialPrivacy;

/// <summary>
/// The parsed settings of a differential-privacy mode spec (docs/privacy-modes.md):
/// <c>dp-sgd:sigma=σ[,clip=C][,delta=δ]</c>,
/// <c>dp-central:sigma=σ[,clip=C][,delta=δ][,sampling=poisson|fixed][,adaptive=true[,quantile=γ][,clip-lr=η][,count-stddev=σ_b]]</c> and
/// <c>dp-distributed:sigma=z[,clip=C][,delta=δ][,degree=K][,threshold=T][,bits=B][,step=S]</c> (<c>noise=z</c> is the
/// same as <c>sigma=z</c>; the last four are the <c>secagg</c> transport settings, parsed by <see cref="SecAggSpec"/>).
/// σ is required; C defaults to 1 (0.1 as the initial norm of adaptive clipping), δ to 1e-5, and the adaptive-clipping
/// settings to Flower's defaults for Andrew et al.: γ = 0.5, η = 0.2, σ_b = (participants sampled per round) / 20;
/// <c>dp-central</c> samples participants by Poisson sampling unless <c>sampling=fixed</c>.
/// </summary>
public sealed record PrivacyModeSpec
{
    /// <summary>Default δ of the DP modes.</summary>
    public const double DefaultDelta = 1e-5;

    /// <summary>Default clipping norm (per example for <c>dp-sgd</c>, per update for fixed <c>dp-central</c>).</summary>
    public const double DefaultClipNorm = 1.0;

    /// <summary>Default initial clipping norm of adaptive clipping (Andrew et al.; Flower's default).</summary>
    public const double DefaultInitialClipNorm = 0.1;

    /// <summary>Default target quantile γ of adaptive clipping: the fraction of updates left unclipped.</summary>
    public const double DefaultTargetQuantile = 0.5;

    /// <summary>Default learning rate η of the geometric clipping-norm update.</summary>
    public const double DefaultClipLearningRate = 0.2;

    /// <summary>Default divisor of the sample size giving the count noise σ_b = m / 20.</summary>
    public const double CountStddevDivisor = 20;

    /// <summary><c>sampling=</c> value: each enrolled participant is sampled independently with probability q.</summary>
    public const string PoissonSampling = "poisson";

    /// <summary><c>sampling=</c> value: a uniformly random subset of fixed size (the approximation before Poisson sampling).</summary>
    public const string FixedSampling = "fixed";

    /// <summary>The secure-aggregation settings keys of <c>dp-distributed</c> (C is shared as <c>clip</c>).</summary>
    private static readonly string[] s_transportKeys = ["degree", "threshold", "bits", "step"];

    /// <summary>Mode name: <c>dp-sgd</c>, <c>dp-central</c> or <c>dp-distributed</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>σ (z in DP-FedAvg): noise standard deviation over the clipping norm.</summary>
    public required double NoiseMultiplier { get; init; }

    /// <summary>C: the clipping norm (the initial one with adaptive clipping).</summary>
    public double ClipNorm { get; init; } = DefaultClipNorm;

    /// <summary>δ at which ε is reported.</summary>
    public double Delta { get; init; } = DefaultDelta;

    /// <summary><c>dp-central</c>: adapt the clipping norm to the <see cref="TargetQuantile"/> of update norms.</summary>
    public bool Adaptive { get; init; }

    /// <summary>γ: target fraction of updates whose norm is at most the clipping norm.</summary>
    public double TargetQuantile { get; init; } = DefaultTargetQuantile;

    /// <summary>η: learning rate of C ← C · exp(−η (b̃ − γ)).</summary>
    public double ClipLearningRate { get; init; } = DefaultClipLearningRate;

    /// <summary>σ_b: noise on the count of unclipped updates; <see langword="null"/> = sampled / 20.</summary>
    public double? ClippedCountStddev { get; init; }

    /// <summary>
    /// <c>dp-central</c>: sample each enrolled participant independently with probability q = <c>sampleFraction</c>
    /// (the sampling the subsampled-Gaussian RDP analysis assumes) and average over the expected count q·N; otherwise
    /// (<c>sampling=fixed</c>) a fixed-size subset averaged over its size. <see langword="false"/> in the other modes.
    /// </summary>
    public bool Poisson { get; init; }

    /// <summary><c>dp-distributed</c>: the secure aggregation the noise shares travel under, as a <c>secagg</c> spec
    /// whose clip is C (an L2 norm here); <see langword="null"/> in the other modes.</summary>
    public SecAggSpec? Transport { get; init; }

    /// <summary>Whether <paramref name="spec"/> names a mode this type parses (<c>dp-sgd</c>, <c>dp-central</c> or
    /// <c>dp-distributed</c>).</summary>
    /// <param name="spec">A privacy mode spec.</param>
    /// <returns><see langword="true"/> for the three DP modes.</returns>
    public static bool IsDpMode(string? spec) => PrivacyModes.NameOf(spec) is PrivacyModes.DpSgd or PrivacyModes.DpCentral or PrivacyModes.DpDistributed;

    /// <summary>Parses a DP mode spec.</summary>
    /// <param name="spec">The spec, e.g. <c>dp-sgd:sigma=1.1,clip=1,delta=1e-5</c>.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="FormatException">The spec is malformed or a setting is out of range.</exception>
    public static PrivacyModeSpec Parse(string? spec) =>
        TryParse(spec, out var parsed, out var error) ? parsed! : throw new FormatException(error);

    /// <summary>Parses a DP mode spec without throwing.</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="result">The settings when valid.</param>
    /// <param name="error">Why it is invalid otherwise.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool TryParse(string? spec, out PrivacyModeSpec? result, out string? error)
    {
        result = null;
        var mode = PrivacyModes.NameOf(spec);
        if (!IsDpMode(mode))
        {
            error = $"'{mode}' is not a differential-privacy mode (dp-sgd, dp-central or dp-distributed).";
            return false;
        }

        var colon = spec!.IndexOf(':', StringComparison.Ordinal);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (colon >= 0)
        {
            foreach (var part in spec[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    error = $"{mode}: setting '{part}' must be key=value.";
                    return false;
                }

                var key = part[..eq].Trim().ToLowerInvariant();
                if (!settings.TryAdd(key, part[(eq + 1)..].Trim()))
                {
                    error = $"{mode}: setting '{key}' is given twice.";
                    return false;
                }
            }
        }

        string[] known = mode switch
        {
            PrivacyModes.DpSgd => ["sigma", "clip", "delta"],
            PrivacyModes.DpDistributed => ["sigma", "noise", "clip", "delta", .. s_transportKeys],
            _ => ["sigma", "clip", "delta", "sampling", "adaptive", "quantile", "clip-lr", "count-stddev"],
        };
        foreach (var key in settings.Keys)
        {
            if (!known.Contains(key))
            {
                error = $"{mode}: unknown setting '{key}'; known: {string.Join(", ", known)}.";
                return false;
            }
        }

        if (settings.Remove("noise", out var noise) && !settings.TryAdd("sigma", noise))
        {
            error = $"{mode}: noise and sigma are the same setting; give one.";
            return false;
        }

        error = null;
        string? problem = null;
        if (!settings.ContainsKey("sigma"))
        {
            error = $"{mode} needs sigma=σ (the noise multiplier), e.g. {mode}:sigma=1.1.";
            return false;
        }

        bool adaptive = false;
        if (settings.TryGetValue("adaptive", out var adaptiveText) && !bool.TryParse(adaptiveText, out adaptive))
        {
            error = $"{mode}: adaptive must be true or false; got '{adaptiveText}'.";
            return false;
        }

        bool poisson = mode == PrivacyModes.DpCentral;
        if (settings.TryGetValue("sampling", out var samplingText))
        {
            var sampling = samplingText.ToLowerInvariant();
            if (sampling is not (PoissonSampling or FixedSampling))
            {
                error = $"{mode}: sampling must be {PoissonSampling} or {FixedSampling}; got '{samplingText}'.";
                return false;
            }

            poisson = sampling == PoissonSampling;
        }

        double Number(string key, double fallback, Func<double, bool> valid, string rule)
        {
            if (!settings.TryGetValue(key, out var text))
            {
                return fallback;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && valid(value))
            {
                return value;
            }

            problem ??= $"{mode}: {key} must be {rule}; got '{text}'.";
            return fallback;
        }

        var parsed = new PrivacyModeSpec
        {
            Mode = mode,
            NoiseMultiplier = Number("sigma", 1, v => v > 0 && v <= 1e6, "a positive number (at most 1e6)"),
            ClipNorm = Number("clip", adaptive ? DefaultInitialClipNorm : DefaultClipNorm, v => v > 0 && v <= 1e6, "a positive number (at most 1e6)"),
            Delta = Number("delta", DefaultDelta, v => v is > 0 and < 1, "in (0, 1)"),
            Adaptive = adaptive,
            Poisson = poisson,
            TargetQuantile = Number("quantile", DefaultTargetQuantile, v => v is >= 0 and <= 1, "in [0, 1]"),
            ClipLearningRate = Number("clip-lr", DefaultClipLearningRate, v => v > 0, "positive"),
            ClippedCountStddev = settings.ContainsKey("count-stddev") ? Number("count-stddev", 1, v => v > 0, "positive") : null,
        };
        if (!adaptive && (settings.ContainsKey("quantile") || settings.ContainsKey("clip-lr") || settings.ContainsKey("count-stddev")))
        {
            problem ??= $"{mode}: quantile, clip-lr and count-stddev apply only with adaptive=true.";
        }

        if (problem is null && mode == PrivacyModes.DpDistributed)
        {
            // The transport settings go to the secagg parser, with C as its clip; its messages name the secagg setting.
            var transport = string.Join(',', s_transportKeys.Where(settings.ContainsKey).Select(key => $"{key}={settings[key]}"));
            var secagg = string.Create(CultureInfo.InvariantCulture, $"{PrivacyModes.SecAgg}:clip={parsed.ClipNorm:R}{(transport.Length > 0 ? "," : string.Empty)}{transport}");
            if (SecAggSpec.TryParse(secagg, out var transportSpec, out var transportError))
            {
                parsed = parsed with { Transport = transportSpec };
            }
            else
            {
                problem = $"{mode}: {transportError}";
            }
        }

        if (problem is not null)
        {
            error = problem;
            return false;
        }

        result = parsed;
        return true;
    }

    /// <summary>The canonical spec: every setting explicit, invariant culture, round-trippable.</summary>
    /// <returns>E.g. <c>dp-sgd:sigma=1.1,clip=1,delta=1E-05</c>.</returns>
    public override string ToString()
    {
        var text = new StringBuilder(Mode);
        text.Append(CultureInfo.InvariantCulture, $":sigma={NoiseMultiplier:R},clip={ClipNorm:R},delta={Delta:R}");
        if (Transport is { } transport)
        {
            text.Append(CultureInfo.InvariantCulture, $",degree={transport.Degree}");
            if (transport.Threshold is { } threshold)
            {
                text.Append(CultureInfo.InvariantCulture, $",threshold={threshold}");
            }

            text.Append(CultureInfo.InvariantCulture, $",bits={transport.Bits},step={transport.StepSeconds}");
        }

        if (Mode == PrivacyModes.DpCentral)
        {
            text.Append(",sampling=").Append(Poisson ? PoissonSampling : FixedSampling);
        }

        if (Adaptive)
        {
            text.Append(CultureInfo.InvariantCulture, $",adaptive=true,quantile={TargetQuantile:R},clip-lr={ClipLearningRate:R}");
            if (ClippedCountStddev is { } sb)
            {
                text.Append(CultureInfo.InvariantCulture, $",count-stddev={sb:R}");
            }
        }

        return text.ToString();
    }
}
