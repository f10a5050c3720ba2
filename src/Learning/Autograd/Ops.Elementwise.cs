using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using OrleansFed.Learning.Tensors;

namespace OrleansFed.Learning.Autograd;

public static partial class Ops
{
    /// <summary>max(0, x), element-wise.</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="x">Input of any shape.</param>
    /// <returns>A tensor of the input's shape.</returns>
    public static Tensor Relu(Tape tape, Tensor x) => Unary(tape, x, UnaryKind.Relu);

    /// <summary>min(1, max(0, x)), element-wise: the bounded ReLU the functional mechanism needs.</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="x">Input of any shape.</param>
    /// <returns>A tensor of the input's shape.</returns>
    public static Tensor BoundedRelu(Tape tape, Tensor x) => Unary(tape, x, UnaryKind.BoundedRelu);

    /// <summary>1 / (1 + e^−x), element-wise.</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="x">Input of any shape.</param>
    /// <returns>A tensor of the input's shape.</returns>
    public static Tensor Sigmoid(Tape tape, Tensor x) => Unary(tape, x, UnaryKind.Sigmoid);

    /// <summary>tanh(x), element-wise.</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="x">Input of any shape.</param>
    /// <returns>A tensor of the input's shape.</returns>
    public static Tensor Tanh(Tape tape, Tensor x) => Unary(tape, x, UnaryKind.Tanh);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ReluMask(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < y.Length; i++)
        {
            dx[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }

    private static Tensor Unary(Tape tape, Tensor x, UnaryKind kind)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(x);
        Tensor y = tape.NewTensor(x.Shape);
        Span<float> ys = y.Data;
        ReadOnlySpan<float> xs = x.Data;
        switch (kind)
        {
            case UnaryKind.Relu:
                TensorPrimitives.Max(xs, 0f, ys);
                break;
            case UnaryKind.BoundedRelu:
                TensorPrimitives.Max(xs, 0f, ys);
                TensorPrimitives.Min(ys, 1f, ys);
                break;
            case UnaryKind.Sigmoid:
                TensorPrimitives.Sigmoid(xs, ys);
                break;
            default:
                TensorPrimitives.Tanh(xs, ys);
                break;
        }

        if (tape.ShouldRecord(x))
        {
            y.RequiresGrad = true;
            tape.Record(new DelegateNode(t => UnaryBackward(t, x, y, kind)));
        }

        return y;
    }

    private static void UnaryBackward(Tape tape, Tensor x, Tensor y, UnaryKind kind)
    {
        if (!y.HasGradient)
        {
            return;
        }

        ReadOnlySpan<float> ys = y.Data;
        ReadOnlySpan<float> dy = y.Gradient;
        Span<float> dx = tape.GradientTarget(x, out bool acc);
        for (int i = 0; i < ys.Length; i++)
        {
            float v = ys[i];
            float d = kind switch
            {
                UnaryKind.Relu => v > 0f ? dy[i] : 0f,
                UnaryKind.BoundedRelu => v > 0f && v < 1f ? dy[i] : 0f,
                UnaryKind.Sigmoid => dy[i] * v * (1f - v),
                _ => dy[i] * (1f - (v * v)),
            };
            dx[i] = acc ? dx[i] + d : d;
        }
    }

    private enum UnaryKind
    {
        Relu,
        BoundedRelu,
        Sigmoid,
        Tanh,
    }
}
