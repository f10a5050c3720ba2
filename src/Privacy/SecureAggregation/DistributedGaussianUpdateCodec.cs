using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using OrleansFed.Privacy.Encoding;
using OrleansFed.Privacy.Mechanisms;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>
/// The distributed discrete Gaussian mechanism (Kairouz, Liu and Steinke 2021) as a secure-aggregation encoding over
/// Z_(2^32): each participant clips its update delta to L2 norm C, scales it by γ = U/C, rounds every coordinate
/// stochastically with the secure source and adds exact discrete Gaussian noise N_Z(0, s²) to it, with
/// s² = (z·Δ)²/t, Δ = U + √d + 1 the L2 bound after rounding and t the fewest contributors a sum can have. Any sum the
/// secure aggregation releases therefore carries noise of total variance at least (z·Δ)². The vector keeps the
/// d + <see cref="ExtraElements"/> layout of <see cref="SecAggUpdateCodec"/>: the noised delta, then 1 (the contributor
/// count, public under secure aggregation anyway) and two zeros where plain <c>secagg</c> sends the sample count and
/// the loss, which would be un-noised data-dependent values here.
/// </summary>
/// <remarks>
/// U is the largest power of two for which N summands of magnitude U + 1 plus the noise of N contributors stay inside the
/// signed <see cref="Bits"/>-bit range except with probability <see cref="WrapProbability"/> per round (the sum of n
/// discrete Gaussians is √n·s-subgaussian, so a coordinate exceeds k√n·s with probability at most 2e^(−k²/2); the
/// union over d coordinates fixes k). Settings whose U would fall below √d — rounding noise as large as the signal —
/// or whose τ term is not negligible are refused.
/// </remarks>
public sealed class DistributedGaussianUpdateCodec
{
    /// <summary>Elements after the delta: the count (1) and two zeros.</summary>
    public const int ExtraElements = SecAggUpdateCodec.ExtraElements;

    /// <summary>Bound on the probability that some coordinate of one round's sum leaves the signed range.</summary>
    public const double WrapProbability = 1e-12;

    /// <summary>Largest τ (Kairouz et al.'s bound on the distance of a sum of discrete Gaussians from a discrete
    /// Gaussian) accepted; settings above it are refused (below it, τ still enters <see cref="AccountedNoiseMultiplier"/>).</summary>
    public const double MaxTau = 1e-10;

    /// <summary>Largest per-participant noise standard deviation the exact sampler takes.</summary>
    private const double MaxLocalSigma = 1e9;

    private readonly ulong _mask;

    private DistributedGaussianUpdateCodec(
        int parameterCount, double clipNorm, double noiseMultiplier, int minContributors, int maxSummands, int bits, double unit, double localVariance, double tau)
    {
        ParameterCount = parameterCount;
        ClipNorm = clipNorm;
        NoiseMultiplier = noiseMultiplier;
        MinContributors = minContributors;
        MaxSummands = maxSummands;
        Bits = bits;
        Unit = unit;
        LocalVariance = localVariance;
        Tau = tau;
        _mask = (1UL << bits) - 1;
    }

    /// <summary>d.</summary>
    public int ParameterCount { get; }

    /// <summary>C: the L2 clipping norm of the update delta.</summary>
    public double ClipNorm { get; }

    /// <summary>z: the noise multiplier of the whole sum.</summary>
    public double NoiseMultiplier { get; }

    /// <summary>t: the fewest contributors a released sum can have (the secure aggregation's threshold).</summary>
    public int MinContributors { get; }

    /// <summary>N: the most contributors a sum can have (the participants selected for the round).</summary>
    public int MaxSummands { get; }

    /// <summary>The signed range of the sum is Bits bits (the ring is Z_(2^32)).</summary>
    public int Bits { get; }

    /// <summary>U = γ·C: the clipping norm in integer units (a power of two).</summary>
    public double Unit { get; }

    /// <summary>γ = U / C: one unit of the encoding is 1/γ in value.</summary>
    public double Scale => Unit / ClipNorm;

    /// <summary>Δ = U + √d + 1: the L2 norm bound of one rounded contribution in integer units (the 1 covers the
    /// floating-point error of the norm computation).</summary>
    public double Sensitivity => SensitivityOf(Unit, ParameterCount);

    /// <summary>s²: each participant's exact noise variance in integer units (σ² of the sampler, rounded up).</summary>
    public double LocalVariance { get; }

    /// <summary>τ = 10 Σ_{k=1}^{N−1} exp(−2π²s²·k/(k+1)) (Kairouz et al. 2021, Theorem 1), at most <see cref="MaxTau"/>.</summary>
    public double Tau { get; }

    /// <summary>
    /// The Gaussian noise multiplier the round is accounted with: Proposition 14 of Kairouz et al. bounds the Rényi
    /// divergence of the sum of n ≥ t such noises at order α by α/2·(Δ/(√n·s) + τ√d)², the curve of a Gaussian of
    /// multiplier 1/(Δ/(√t·s) + τ√d) ≤ z.
    /// </summary>
    public double AccountedNoiseMultiplier => 1 / ((Sensitivity / Math.Sqrt(MinContributors * LocalVariance)) + (Tau * Math.Sqrt(ParameterCount)));

    /// <summary>d + <see cref="ExtraElements"/>.</summary>
    public int VectorLength => ParameterCount + ExtraElements;

    /// <summary>Creates the codec; throws when the settings are refused.</summary>
    /// <param name="parameterCount">d.</param>
    /// <param name="clipNorm">C.</param>
    /// <param name="noiseMultiplier">z.</param>
    /// <param name="minContributors">t.</param>
    /// <param name="maxSummands">N ≥ t.</param>
    /// <param name="bits">Signed range of the sum, 16 to 32 bits.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentException">The settings could wrap the ring or are otherwise refused.</exception>
    public static DistributedGaussianUpdateCodec Create(int parameterCount, double clipNorm, double noiseMultiplier, int minContributors, int maxSummands, int bits) =>
        TryCreate(parameterCount, clipNorm, noiseMultiplier, minContributors, maxSummands, bits, out var codec, out var error)
            ? codec
            : throw new ArgumentException(error);

    /// <summary>Creates the codec, or says why the settings are refused.</summary>
    /// <param name="parameterCount">d.</param>
    /// <param name="clipNorm">C.</param>
    /// <param name="noiseMultiplier">z.</param>
    /// <param name="minContributors">t.</param>
    /// <param name="maxSummands">N ≥ t.</param>
    /// <param name="bits">Signed range of the sum, 16 to 32 bits.</param>
    /// <param name="codec">The codec when accepted.</param>
    /// <param name="error">Why the settings are refused.</param>
    /// <returns>Whether they are accepted.</returns>
    public static bool TryCreate(
        int parameterCount, double clipNorm, double noiseMultiplier, int minContributors, int maxSummands, int bits,
        [NotNullWhen(true)] out DistributedGaussianUpdateCodec? codec, [NotNullWhen(false)] out string? error)
    {
        codec = null;
        error = parameterCount < 1 ? "the model must have at least one parameter."
            : !(clipNorm > 0) || !double.IsFinite(clipNorm) ? "clip must be positive and finite."
            : !(noiseMultiplier > 0) || !double.IsFinite(noiseMultiplier) ? "the noise multiplier must be positive and finite."
            : minContributors < 1 || maxSummands < minContributors ? "need 1 ≤ threshold ≤ participants per round."
            : bits is < 16 or > 32 ? "bits must be between 16 and 32."
            : null;
        if (error is not null)
        {
            return false;
        }

        // N·(U + 1) + k·z·√(N/t)·(U + √d + 1) ≤ 2^(B−1) − 1 (a rounded coordinate is at most U + 1 in magnitude), with U
        // the largest power of two that satisfies it.
        var half = Math.ScaleB(1.0, bits - 1) - 1;
        var k = TailMultiplier(parameterCount);
        var noisePerUnit = k * noiseMultiplier * Math.Sqrt((double)maxSummands / minContributors);
        var largest = (half - maxSummands - (noisePerUnit * (Math.Sqrt(parameterCount) + 1))) / (maxSummands + noisePerUnit);
        largest = Math.Min(largest, (MaxLocalSigma * Math.Sqrt(minContributors) / noiseMultiplier) - Math.Sqrt(parameterCount) - 1);
        var unit = largest >= 1 ? Math.ScaleB(1.0, Math.ILogB(largest)) : 0;
        while (unit >= 1)
        {
            var variance = LocalVarianceFor(unit, parameterCount, noiseMultiplier, minContributors);
            if ((maxSummands * (unit + 1)) + (k * Math.Sqrt(maxSummands * variance)) <= half)
            {
                if (unit < Math.Sqrt(parameterCount))
                {
                    break;
                }

                var tau = TauFor(variance, maxSummands);
                if (!(tau <= MaxTau))
                {
                    error = string.Create(CultureInfo.InvariantCulture,
                        $"the sum of {maxSummands} discrete Gaussians of variance {variance:G4} is too far from a discrete Gaussian (τ = {tau:G3} > {MaxTau:G1}).");
                    return false;
                }

                codec = new DistributedGaussianUpdateCodec(parameterCount, clipNorm, noiseMultiplier, minContributors, maxSummands, bits, unit, variance, tau);
                return true;
            }

            unit /= 2;
        }

        error = string.Create(CultureInfo.InvariantCulture,
            $"{bits} bits cannot hold the noisy sum of {maxSummands} updates of {parameterCount} parameters with noise multiplier {noiseMultiplier} and threshold {minContributors} without risking wrap-around at a resolution finer than the rounding noise (γ·C ≥ √d)")
            + "; use more bits, fewer participants per round or a higher threshold.";
        return false;
    }

    /// <summary>Clips, scales, rounds and noises one participant's update delta.</summary>
    /// <param name="delta">Local weights minus global weights (finite), d elements.</param>
    /// <param name="destination">Receives <see cref="VectorLength"/> ring elements.</param>
    /// <param name="random">The secure source of the rounding and the noise.</param>
    public void Encode(ReadOnlySpan<float> delta, Span<uint> destination, RandomSource random)
    {
        Quantize(delta, destination, random);
        var noise = new DiscreteGaussianMechanism(Math.Sqrt(LocalVariance), random);
        noise.AddNoise(destination[..ParameterCount]);
    }

    /// <summary>The un-noised part of <see cref="Encode"/> (clip, scale, stochastic rounding, count element); drawn
    /// from <paramref name="random"/> exactly as <see cref="Encode"/> draws before its noise. Never to be sent.</summary>
    internal void Quantize(ReadOnlySpan<float> delta, Span<uint> destination, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (delta.Length != ParameterCount || destination.Length != VectorLength)
        {
            throw new ArgumentException($"Expected a delta of {ParameterCount} and a destination of {VectorLength} elements.", nameof(delta));
        }

        double squares = 0;
        for (var i = 0; i < delta.Length; i++)
        {
            if (!float.IsFinite(delta[i]))
            {
                throw new ArgumentException($"Value at index {i} is not finite.", nameof(delta));
            }

            squares += (double)delta[i] * delta[i];
        }

        var norm = Math.Sqrt(squares);
        var factor = Scale * (norm > ClipNorm ? ClipNorm / norm : 1.0);

        // Stochastic rounding (unbiased; |round(v) − v| < 1), one chunk of draws at a time.
        Span<long> rounded = stackalloc long[StochasticRounding.ChunkLength];
        for (var start = 0; start < delta.Length; start += StochasticRounding.ChunkLength)
        {
            var chunk = rounded[..Math.Min(StochasticRounding.ChunkLength, delta.Length - start)];
            StochasticRounding.RoundChunk(delta.Slice(start, chunk.Length), double.PositiveInfinity, factor, start, chunk, random);
            for (var i = 0; i < chunk.Length; i++)
            {
                destination[start + i] = unchecked((uint)chunk[i]);
            }
        }

        rounded.Clear();

        destination[ParameterCount] = 1;
        destination[ParameterCount + 1] = 0;
        destination[ParameterCount + 2] = 0;
    }

    /// <summary>Decodes a Z_(2^32) sum of encodings into the noisy mean delta: sum / (γ · contributors).</summary>
    /// <param name="sum">The sum, <see cref="VectorLength"/> elements.</param>
    /// <param name="meanDelta">Receives d elements.</param>
    /// <returns>The number of contributors in the sum.</returns>
    public int Decode(ReadOnlySpan<uint> sum, Span<float> meanDelta)
    {
        if (sum.Length != VectorLength || meanDelta.Length != ParameterCount)
        {
            throw new ArgumentException($"Expected a sum of {VectorLength} and a destination of {ParameterCount} elements.", nameof(sum));
        }

        var count = sum[ParameterCount];
        if (count < MinContributors || count > MaxSummands || sum[ParameterCount + 1] != 0 || sum[ParameterCount + 2] != 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The sum claims {count} contributors (allowed: {MinContributors} to {MaxSummands}) or has non-zero padding."), nameof(sum));
        }

        var divisor = Scale * count;
        for (var i = 0; i < ParameterCount; i++)
        {
            meanDelta[i] = (float)(Signed(sum[i]) / divisor);
        }

        return (int)count;
    }

    /// <summary>Reads a ring element as the signed <see cref="Bits"/>-bit integer it represents.</summary>
    /// <param name="element">An element (or a sum of elements) of the encoding.</param>
    /// <returns>The integer.</returns>
    public long Signed(uint element) => (long)((element & _mask) << (64 - Bits)) >> (64 - Bits);

    /// <summary>τ of Kairouz et al. for <paramref name="summands"/> noises of variance <paramref name="variance"/>.</summary>
    /// <param name="variance">s² of each summand.</param>
    /// <param name="summands">n.</param>
    /// <returns>10 Σ_{k=1}^{n−1} exp(−2π²s²·k/(k+1)).</returns>
    public static double TauFor(double variance, int summands)
    {
        double tau = 0;
        for (var k = 1; k < summands; k++)
        {
            tau += Math.Exp(-2 * Math.PI * Math.PI * variance * k / (k + 1));
        }

        return 10 * tau;
    }

    private static double SensitivityOf(double unit, int parameterCount) => unit + Math.Sqrt(parameterCount) + 1;

    /// <summary>The sampler's variance for the target (zΔ)²/t: what <see cref="DiscreteGaussianMechanism"/> rounds it to.</summary>
    private static double LocalVarianceFor(double unit, int parameterCount, double noiseMultiplier, int minContributors) =>
        DiscreteGaussianMechanism.RoundedVariance(noiseMultiplier * SensitivityOf(unit, parameterCount) / Math.Sqrt(minContributors));

    /// <summary>k with d · 2e^(−k²/2) ≤ <see cref="WrapProbability"/>.</summary>
    private static double TailMultiplier(int parameterCount) => Math.Sqrt(2 * Math.Log(2.0 * parameterCount / WrapProbability));
}
