using OrleansFed.Learning.Autograd;
using OrleansFed.Learning.Tensors;

namespace OrleansFed.Learning.Layers;

/// <summary>ReLU: max(0, x).</summary>
public sealed class Relu : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tape tape, Tensor input) => Ops.Relu(tape, input);
}
