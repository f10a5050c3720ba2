
namespace OrleansFed.Learning.Optimizers;

/// <summary>
/// Adam (Kingma and Ba) with PyTorch's semantics: g ← ∇ + λ·p; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
/// p ← p − lr·m̂ / (√v̂ + ε) with bias-corrected m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly float[]?[] _m, _v;
    private readonly int[] _steps;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The tensors to update.</param>
    /// <param name="learningRate">Step size.</param>
    /// <param name="beta1">First-moment decay.</param>
    /// <param name="beta2">Second-moment decay.</param>
    /// <param name="epsilon">Denominator guard.</param>
    /// <param name="weightDecay">L2 penalty added to the gradient.</param>
    public Adam(IReadOnlyList<Tensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f)
        : base(parameters)
    {
        if (!(learningRate > 0) || !float.IsFinite(learningRate) || beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1 || !(epsilon > 0) || weightDecay < 0)
        {
            throw new ArgumentException("Adam needs lr > 0, β₁, β₂ in [0, 1), ε > 0 and weight decay >= 0.");
        }

        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        _m = new float[]?[Parameters.Count];
        _v = new float[]?[Parameters.Count];
        _steps = new int[Parameters.Count];
    }

    /// <summary>Step size.</summary>
    public float LearningRate { get; set; }

    /// <summary>First-moment decay β₁.</summary>
    public float Beta1 { get; }

    /// <summary>Second-moment decay β₂.</summary>
    public float Beta2 { get; }

    /// <summary>Denominator guard ε.</summary>
    public float Epsilon { get; }

    /// <summary>L2 penalty λ.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc/>
    public override void Step()
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            Tensor p = Parameters[i];
            if (!p.HasGradient)
            {
                continue;
            }

            float[] m = _m[i] ??= new float[p.Length];
            float[] v = _v[i] ??= new float[p.Length];
            int t = ++_steps[i];
            float c1 = 1f - MathF.Pow(Beta1, t), c2 = 1f - MathF.Pow(Beta2, t);
            float stepSize = LearningRate / c1, rootC2 = MathF.Sqrt(c2);
            Span<float> values = p.Data;
            ReadOnlySpan<float> grad = p.Gradient;
            for (int j = 0; j < values.Length; j++)
            {
                float g = grad[j] + (WeightDecay * values[j]);
                m[j] = (Beta1 * m[j]) + ((1f - Beta1) * g);
                v[j] = (Beta2 * v[j]) + ((1f - Beta2) * g * g);
                values[j] -= stepSize * m[j] / ((MathF.Sqrt(v[j]) / rootC2) + Epsilon);
            }
        }
    }
}
