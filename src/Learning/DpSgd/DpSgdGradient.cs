using System.Numerics.Tensors;
using OrleansFed.Learning.Autograd;

namespace OrleansFed.Learning.DpSgd;

/// <summary>
/// The DP-SGD gradient (Abadi et al. 2016): each example's gradient is clipped to L2 norm at most C, the clipped
/// gradients are summed, Gaussian noise N(0, σ²C²) is added to every coordinate, and the result is divided by the
/// (expected) batch size. Per-example gradients are never formed one example at a time: Linear layers keep their
/// input and output gradient and get per-example norms as ‖x_i‖²·‖δ_i‖² (the outer-product identity) and the clipped
/// sum as one product with rescaled δ; Conv2d forms per-example weight gradients as per-example im2col products.
/// </summary>
public sealed class DpSgdGradient
{
    private readonly INoiseSource _noise;
    private float[] _norms = [];
    private float[] _scales = [];
    private int _batch;

    /// <summary>Creates the estimator.</summary>
    /// <param name="clipNorm">Per-example clipping norm C &gt; 0.</param>
    /// <param name="noiseMultiplier">Noise multiplier σ ≥ 0 (the noise standard deviation is σ·C).</param>
    /// <param name="noise">Noise source; defaults to <see cref="SecureGaussian.Shared"/> (the OS CSPRNG).</param>
    public DpSgdGradient(float clipNorm, double noiseMultiplier, INoiseSource? noise = null)
    {
        if (!(clipNorm > 0) || !float.IsFinite(clipNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(clipNorm), "The clipping norm must be positive.");
        }

        if (!(noiseMultiplier >= 0) || double.IsInfinity(noiseMultiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), "The noise multiplier must be finite and >= 0.");
        }

        ClipNorm = clipNorm;
        NoiseMultiplier = noiseMultiplier;
        _noise = noise ?? SecureGaussian.Shared;
    }

    /// <summary>Per-example clipping norm C.</summary>
    public float ClipNorm { get; }

    /// <summary>Noise multiplier σ.</summary>
    public double NoiseMultiplier { get; }

    /// <summary>Each example's gradient L2 norm before clipping, from the last <see cref="Compute"/>.</summary>
    public ReadOnlySpan<float> LastNorms => _norms.AsSpan(0, _batch);

    /// <summary>Each example's clipping factor min(1, C/‖g_i‖), from the last <see cref="Compute"/>.</summary>
    public ReadOnlySpan<float> LastScales => _scales.AsSpan(0, _batch);

    /// <summary>
    /// Runs the backward pass of <paramref name="summedLoss"/> (the SUM of per-example losses of a batch of
    /// <paramref name="batchSize"/> examples recorded on <paramref name="tape"/>) and writes into every parameter's
    /// gradient (Σ_i clip(g_i) + N(0, σ²C²)) / <paramref name="denominator"/>.
    /// </summary>
    /// <param name="tape">The tape holding the forward pass.</param>
    /// <param name="summedLoss">Scalar sum of per-example losses.</param>
    /// <param name="batchSize">Examples in the batch (the leading dimension of the layers' inputs).</param>
    /// <param name="parameters">Every trainable parameter (all receive noise).</param>
    /// <param name="denominator">The divisor, normally the expected batch size q·N.</param>
    /// <returns>The fraction of examples whose gradient was clipped.</returns>
    public double Compute(Tape tape, Tensor summedLoss, int batchSize, IReadOnlyList<Tensor> parameters, double denominator)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(summedLoss);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (!(denominator > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), "The denominator must be positive.");
        }

        foreach (Tensor p in parameters)
        {
            p.ClearGradient();
        }

        var collector = new PerExampleCollector(batchSize);
        tape.PerExample = collector;
        try
        {
            tape.Backward(summedLoss);
        }
        finally
        {
            tape.PerExample = null;
        }

        foreach (Tensor p in parameters)
        {
            if (p.HasGradient)
            {
                // An operation without per-example support wrote a batch gradient: clipping would be wrong.
                throw new NotSupportedException("A parameter received a gradient from an operation without per-example support; DP-SGD cannot clip it.");
            }
        }

        EnsureCapacity(batchSize);
        Span<float> norms = _norms.AsSpan(0, batchSize), scales = _scales.AsSpan(0, batchSize);
        norms.Clear();
        foreach (IPerExampleGradient item in collector.Items)
        {
            item.AddSquaredNorms(norms);
        }

        int clipped = 0;
        for (int i = 0; i < batchSize; i++)
        {
            float norm = MathF.Sqrt(norms[i]);
            norms[i] = norm;
            scales[i] = norm > ClipNorm ? ClipNorm / norm : 1f;
            if (norm > ClipNorm)
            {
                clipped++;
            }
        }

        foreach (IPerExampleGradient item in collector.Items)
        {
            item.AccumulateScaled(scales, tape);
        }

        AddNoiseAndScale(parameters, denominator);
        return (double)clipped / batchSize;
    }

    /// <summary>The update for an empty Poisson batch: noise only, N(0, σ²C²) / <paramref name="denominator"/>.</summary>
    /// <param name="parameters">Every trainable parameter.</param>
    /// <param name="denominator">The expected batch size.</param>
    public void NoiseOnly(IReadOnlyList<Tensor> parameters, double denominator)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (Tensor p in parameters)
        {
            p.ClearGradient();
        }

        _batch = 0;
        AddNoiseAndScale(parameters, denominator);
    }

    private void AddNoiseAndScale(IReadOnlyList<Tensor> parameters, double denominator)
    {
        double std = NoiseMultiplier * ClipNorm;
        float inverse = (float)(1.0 / denominator);
        foreach (Tensor p in parameters)
        {
            Span<float> grad = p.GradientStorage();
            if (!p.HasGradient)
            {
                grad.Clear();
                p.HasGradient = true;
            }

            _noise.AddGaussian(grad, std);
            TensorPrimitives.Multiply(grad, inverse, grad);
        }
    }

    private void EnsureCapacity(int batchSize)
    {
        _batch = batchSize;
        if (_norms.Length < batchSize)
        {
            _norms = new float[batchSize];
            _scales = new float[batchSize];
        }
    }
}
