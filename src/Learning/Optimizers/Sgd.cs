using System.Numerics.Tensors;
using OrleansFed.Learning.Tensors;

namespace OrleansFed.Learning.Optimizers;

/// <summary>
/// Stochastic gradient descent with PyTorch's semantics: g ← ∇ + λ·p; with momentum μ, v ← μ·v + (1 − dampening)·g
/// (v ← g on the first step) and g ← v, or g ← g + μ·v with Nesterov; then p ← p − lr·g.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly float[]?[] _velocity;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The tensors to update.</param>
    /// <param name="learningRate">Step size (positive).</param>
    /// <param name="momentum">Momentum μ ≥ 0.</param>
    /// <param name="weightDecay">L2 penalty λ ≥ 0.</param>
    /// <param name="nesterov">Nesterov momentum (needs μ &gt; 0 and no dampening).</param>
    /// <param name="dampening">Dampening of the momentum buffer.</param>
    public Sgd(IReadOnlyList<Tensor> parameters, float learningRate, float momentum = 0f, float weightDecay = 0f, bool nesterov = false, float dampening = 0f)
        : base(parameters)
    {
        if (!(learningRate > 0) || !float.IsFinite(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), "The learning rate must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(momentum);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum needs momentum > 0 and zero dampening.", nameof(nesterov));
        }

        LearningRate = learningRate;
        Momentum = momentum;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        Dampening = dampening;
        _velocity = new float[]?[Parameters.Count];
    }

    /// <summary>Step size.</summary>
    public float LearningRate { get; set; }

    /// <summary>Momentum μ.</summary>
    public float Momentum { get; }

    /// <summary>L2 penalty λ.</summary>
    public float WeightDecay { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <summary>Dampening of the momentum buffer.</summary>
    public float Dampening { get; }

    /// <inheritdoc/>
    public override void Step()
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            Tensor p = Parameters[i];
            if (!p.HasGradient)
            {
                // As in PyTorch, a parameter that received no gradient is left alone.
                continue;
            }

            Span<float> values = p.Data;
            ReadOnlySpan<float> grad = p.Gradient;
            if (Momentum == 0f)
            {
                if (WeightDecay != 0f)
                {
                    TensorPrimitives.Multiply(values, 1f - (LearningRate * WeightDecay), values);
                }

                TensorPrimitives.MultiplyAdd(grad, -LearningRate, values, values);
                continue;
            }

            float[]? v = _velocity[i];
            if (v is null)
            {
                // First step: v = g + λ·p (no dampening), as PyTorch does.
                v = grad.ToArray();
                if (WeightDecay != 0f)
                {
                    TensorPrimitives.MultiplyAdd(values, WeightDecay, v, v);
                }

                _velocity[i] = v;
            }
            else
            {
                TensorPrimitives.Multiply(v, Momentum, v);
                TensorPrimitives.MultiplyAdd(grad, 1f - Dampening, v, v);
                if (WeightDecay != 0f)
                {
                    TensorPrimitives.MultiplyAdd(values, (1f - Dampening) * WeightDecay, v, v);
                }
            }

            if (Nesterov)
            {
                // p ← p − lr·(g + λ·p + μ·v)
                if (WeightDecay != 0f)
                {
                    TensorPrimitives.Multiply(values, 1f - (LearningRate * WeightDecay), values);
                }

                TensorPrimitives.MultiplyAdd(grad, -LearningRate, values, values);
                TensorPrimitives.MultiplyAdd(v, -LearningRate * Momentum, values, values);
            }
            else
            {
                TensorPrimitives.MultiplyAdd(v, -LearningRate, values, values);
            }
        }
    }
}
