using OrleansFed.Learning.Autograd;

namespace OrleansFed.Learning.Layers;

/// <summary>2-D max pooling over square windows.</summary>
/// <param name="kernelSize">Window size.</param>
/// <param name="stride">Stride (defaults to the window size).</param>
public sealed class MaxPool2d(int kernelSize, int? stride = null) : Layer
{
    /// <summary>Window size.</summary>
    public int KernelSize { get; } = kernelSize;

    /// <summary>Stride.</summary>
    public int Stride { get; } = stride ?? kernelSize;

    /// <inheritdoc/>
    public override Tensor Forward(Tape tape, Tensor input) => Ops.MaxPool2d(tape, input, KernelSize, Stride);
}
