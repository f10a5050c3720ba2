using OrleansFed.Grains.Strategies;
using OrleansFed.Privacy.Mechanisms;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Grains.DifferentialPrivacy;

/// <summary>
/// Client-level DP-FedAvg at the silo (McMahan et al. 2018; adaptive clipping after Andrew et al. 2021): each update
/// Δₖ = wₖ − w is clipped to L2 norm C, the clipped updates are summed, Gaussian noise of standard deviation z·C is
/// added to the sum by src/Privacy's exact (discrete-Gaussian-on-a-grid) mechanism, and the next global model is
/// w + (noisy sum) / m with a data-independent denominator m: the expected sample size q·N under Poisson sampling, the
/// planned sample size under fixed-size sampling. With adaptive clipping the
/// count of unclipped updates is released with noise σ_b too and moves C geometrically towards the target quantile;
/// the update noise is then z_Δ = (z⁻² − (2σ_b)⁻²)^−½, so that both releases together cost what one Gaussian of
/// multiplier z costs.
/// </summary>
public static class DpCentralAggregator
{
    /// <summary>The update's output grid is 2^-GridBits of C (rounded down to a power of two): its rounding inflates the
    /// sensitivity by at most a factor 1 + 2^-GridBits · √d, which <see cref="AccountedNoiseMultiplier"/> charges.</summary>
    internal const int GridBits = 24;

    /// <summary>Noise of adaptive clipping: the update's multiplier z_Δ and the count's standard deviation σ_b.</summary>
    /// <param name="spec">The <c>dp-central</c> settings (adaptive).</param>
    /// <param name="sampled">Participants sampled per round (m; the expected number under Poisson sampling).</param>
    /// <returns>(z_Δ, σ_b).</returns>
    /// <exception cref="ArgumentException">z ≥ 2σ_b: the count noise alone would exceed the budget of z.</exception>
    public static (double UpdateMultiplier, double CountStddev) AdaptiveNoise(PrivacyModeSpec spec, double sampled)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var countStddev = spec.ClippedCountStddev ?? sampled / PrivacyModeSpec.CountStddevDivisor;
        var z = spec.NoiseMultiplier;
        if (!(z < 2 * countStddev))
        {
            throw new ArgumentException(FormattableString.Invariant(
                $"dp-central adaptive clipping needs sigma < 2·count-stddev; sigma = {z}, count-stddev = {countStddev} (default: sampled/20 with {sampled} sampled)."),
                nameof(spec));
        }

        return (1 / Math.Sqrt((1 / (z * z)) - (1 / (4 * countStddev * countStddev))), countStddev);
    }

    /// <summary>
    /// The noise multiplier one round is accounted with: z, lowered by the largest possible grid-rounding inflation of
    /// the sensitivity (so the ledger never under-charges); with adaptive clipping the update and count releases are
    /// composed (zCDP adds: z⁻² = z_Δ⁻² + (2σ_b)⁻²).
    /// </summary>
    /// <param name="spec">The <c>dp-central</c> settings.</param>
    /// <param name="sampled">Participants sampled per round (the expected number under Poisson sampling).</param>
    /// <param name="parameterCount">Model parameters d.</param>
    /// <returns>The multiplier of an equivalent Gaussian release.</returns>
    public static double AccountedNoiseMultiplier(PrivacyModeSpec spec, double sampled, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var inflation = 1 + Math.ScaleB(Math.Sqrt(Math.Max(1, parameterCount)), -GridBits);
        if (!spec.Adaptive)
        {
            return spec.NoiseMultiplier / inflation;
        }

        var (zUpdate, countStddev) = AdaptiveNoise(spec, sampled);
        var update = zUpdate / inflation;
        var count = 2 * countStddev / (1 + Math.ScaleB(1.0, -GridBits));
        return 1 / Math.Sqrt((1 / (update * update)) + (1 / (count * count)));
    }

    /// <summary>Clips, sums, noises and averages one round's updates.</summary>
    /// <param name="global">The global model the round started from.</param>
    /// <param name="results">The round's contributions (all of the model's length).</param>
    /// <param name="sampled">m, the averaging denominator: the number sampled for the round (fixed-size sampling) or
    /// the expected number q·N (Poisson sampling, <see cref="PrivacyModeSpec.Poisson"/>; the round may then have any
    /// number of contributions, none included, and the step is the noise alone).</param>
    /// <param name="clipNorm">C of this round.</param>
    /// <param name="spec">The <c>dp-central</c> settings.</param>
    /// <param name="random">The secure random source of the noise.</param>
    /// <returns>The next global model, the round metrics and the next round's clipping norm.</returns>
    public static DpCentralOutcome Aggregate(
        ReadOnlySpan<float> global, IReadOnlyList<FitResult> results, double sampled, double clipNorm, PrivacyModeSpec spec, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(random);
        if (!(sampled > 0) || !double.IsFinite(sampled))
        {
            throw new ArgumentOutOfRangeException(nameof(sampled), "The averaging denominator must be positive and finite.");
        }

        if (!spec.Poisson && (results.Count == 0 || sampled < results.Count))
        {
            throw new ArgumentException("DP-FedAvg needs at least one contribution and no more than were sampled.", nameof(results));
        }

        if (!(clipNorm > 0) || !double.IsFinite(clipNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(clipNorm), "The clipping norm must be positive and finite.");
        }

        var d = global.Length;
        var sum = new double[d];
        var delta = new double[d];
        var unclipped = 0;
        long samples = 0;
        double loss = 0;
        foreach (var result in results)
        {
            var weights = result.Weights.Span;
            if (weights.Length != d)
            {
                throw new ArgumentException("All contributions must have the model's length.", nameof(results));
            }

            double squares = 0;
            for (var i = 0; i < d; i++)
            {
                delta[i] = (double)weights[i] - global[i];
                squares += delta[i] * delta[i];
            }

            var norm = Math.Sqrt(squares);
            var scale = norm > clipNorm ? clipNorm / norm : 1.0;
            if (norm <= clipNorm)
            {
                unclipped++;
            }

            for (var i = 0; i < d; i++)
            {
                sum[i] += scale * delta[i];
            }

            samples += result.SampleCount;
            loss += result.TrainLoss;
        }

        var zUpdate = spec.Adaptive ? AdaptiveNoise(spec, sampled).UpdateMultiplier : spec.NoiseMultiplier;
        var mechanism = new GaussianMechanism(clipNorm, zUpdate * clipNorm, random, Math.ScaleB(1.0, Math.ILogB(clipNorm) - GridBits));
        mechanism.Release(sum, sum);
        var next = new float[d];
        for (var i = 0; i < d; i++)
        {
            next[i] = (float)(global[i] + (sum[i] / sampled));
        }

        double? nextClip = null;
        double? unclippedFraction = null;
        if (spec.Adaptive)
        {
            // Σ(bₖ − ½) has sensitivity ½ under adding or removing one participant; σ_b on it is a multiplier of 2σ_b.
            var countStddev = AdaptiveNoise(spec, sampled).CountStddev;
            var count = new GaussianMechanism(0.5, countStddev, random, Math.ScaleB(1.0, -1 - GridBits));
            var half = results.Count / 2.0;
            // Fixed-size sampling divides by the contributions (the sample, short of dropouts); Poisson sampling by the
            // expected number, as the model's step does: their actual number would tell who was sampled.
            unclippedFraction = spec.Poisson
                ? (count.Release(unclipped - half) / sampled) + 0.5
                : (count.Release(unclipped - half) + half) / results.Count;
            nextClip = clipNorm * Math.Exp(-spec.ClipLearningRate * (unclippedFraction.Value - spec.TargetQuantile));
        }

        return new DpCentralOutcome(
            new AggregationResult(next, results.Count, samples, results.Count > 0 ? loss / results.Count : 0), clipNorm, nextClip, unclipped, unclippedFraction);
    }
}
