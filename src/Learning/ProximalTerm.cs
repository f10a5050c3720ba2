using OrleansFed.Learning.Tensors;

namespace OrleansFed.Learning;

/// <summary>
/// FedProx's proximal term (Li et al. 2020) on the participant side: the local objective gets (μ/2)·‖w − w_global‖²,
/// whose gradient μ·(w − w_global) is added to each parameter's gradient after backpropagation and before the
/// optimizer step. w_global is the model as it was when local training started.
/// </summary>
internal sealed class ProximalTerm
{
    private readonly float[][] _center;
    private readonly float _mu;

    /// <summary>Snapshots <paramref name="parameters"/> as the centre w_global.</summary>
    /// <param name="parameters">The model's parameters at the start of local training.</param>
    /// <param name="mu">μ &gt; 0.</param>
    public ProximalTerm(IReadOnlyList<Tensor> parameters, float mu)
    {
        _center = new float[parameters.Count][];
        for (int i = 0; i < parameters.Count; i++)
        {
            _center[i] = parameters[i].Data.ToArray();
        }

        _mu = mu;
    }

    /// <summary>Adds μ·(w − w_global) to every parameter's gradient (a parameter without one gets exactly that).</summary>
    /// <param name="parameters">The same parameters, after backpropagation.</param>
    public void AddGradient(IReadOnlyList<Tensor> parameters)
    {
        for (int i = 0; i < parameters.Count; i++)
        {
            Tensor p = parameters[i];
            Span<float> gradient = p.GradientStorage();
            if (!p.HasGradient)
            {
                gradient.Clear();
                p.HasGradient = true;
            }

            ReadOnlySpan<float> w = p.Data;
            ReadOnlySpan<float> center = _center[i];
            for (int j = 0; j < gradient.Length; j++)
            {
                gradient[j] += _mu * (w[j] - center[j]);
            }
        }
    }
}
