using OrleansFed.Learning.Tensors;

namespace OrleansFed.Learning.Optimizers;

/// <summary>Updates parameters from their gradients.</summary>
public abstract class Optimizer
{
    /// <summary>Creates an optimizer over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to update.</param>
    protected Optimizer(IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToArray();
    }

    /// <summary>The tensors this optimizer updates.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Applies one update from the current gradients (a parameter without a gradient is treated as zero-gradient).</summary>
    public abstract void Step();

    /// <summary>Forgets all gradients (they read as zero until the next backward pass writes them).</summary>
    public void ZeroGrad()
    {
        foreach (Tensor p in Parameters)
        {
            p.ClearGradient();
        }
    }
}
