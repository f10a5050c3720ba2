using OrleansFed.Learning.Autograd;

namespace OrleansFed.Learning.Layers;

/// <summary>ReLU: max(0, x).</summary>
public sealed class Relu : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tape tape, Tensor input) => Ops.Relu(tape, input);
}

/// <summary>ReLU clipped to [0, 1] (the bounded activation the functional mechanism needs).</summary>
public sealed class BoundedRelu : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tape tape, Tensor input) => Ops.BoundedRelu(tape, input);
}

/// <summary>Logistic sigmoid.</summary>
public sealed class Sigmoid : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tape tape, Tensor input) => Ops.Sigmoid(tape, input);
}

/// <summary>Hyperbolic tangent.</summary>
public sealed class Tanh : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tape tape, Tensor input) => Ops.Tanh(tape, input);
}

/// <summary>Softmax over the last dimension.</summary>
public sealed class Softmax : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tape tape, Tensor input) => Ops.Softmax(tape, input);
}

/// <summary>Log-softmax over the last dimension.</summary>
public sealed class LogSoftmax : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tape tape, Tensor input) => Ops.LogSoftmax(tape, input);
}

/// <summary>Flattens [batch, …] to [batch, features].</summary>
public sealed class Flatten : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tape tape, Tensor input) => Ops.Flatten(tape, input);
}
