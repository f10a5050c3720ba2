using OrleansFed.Learning.Autograd;
using OrleansFed.Learning.Tensors;

namespace OrleansFed.Learning.Layers;

/// <summary>A network building block: a differentiable function of its input and its own parameters.</summary>
public abstract class Layer
{
    /// <summary>Whether the layer is in training mode (dropout is active only then). Defaults to true.</summary>
    public virtual bool Training { get; set; } = true;

    /// <summary>The trainable tensors, in a fixed order.</summary>
    public virtual IReadOnlyList<Tensor> Parameters => [];

    /// <summary>Applies the layer to a batch, recording on <paramref name="tape"/>.</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="input">A batch [batch, …].</param>
    /// <returns>The output batch.</returns>
    public abstract Tensor Forward(Tape tape, Tensor input);
}
