using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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

    /// <summary>dx = dy where y &gt; 0, else 0 (branch-free: ReLU outputs are zero about half the time, unpredictably).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void ReluMask(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        int n = y.Length, i = 0;
        fixed (float* py = y, pdy = dy, pdx = dx)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i + 16 <= n; i += 16)
                {
                    Vector512<float> keep = Vector512.GreaterThan(Vector512.Load(py + i), Vector512<float>.Zero);
                    Vector512.Store(Vector512.BitwiseAnd(Vector512.Load(pdy + i), keep), pdx + i);
                }
            }

            for (; i + 8 <= n; i += 8)
            {
                Vector256<float> keep = Vector256.GreaterThan(Vector256.Load(py + i), Vector256<float>.Zero);
                Vector256.Store(Vector256.BitwiseAnd(Vector256.Load(pdy + i), keep), pdx + i);
            }

            for (; i < n; i++)
            {
                pdx[i] = py[i] > 0f ? pdy[i] : 0f;
            }
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
        Span<float> local = acc ? tape.Rent(ys.Length).AsSpan(0, ys.Length) : dx;
        switch (kind)
        {
            case UnaryKind.Relu:
                ReluMask(ys, dy, local);
                break;
            case UnaryKind.BoundedRelu:
                for (int i = 0; i < ys.Length; i++)
                {
                    local[i] = ys[i] > 0f && ys[i] < 1f ? dy[i] : 0f;
                }

                break;
            case UnaryKind.Sigmoid:
                // dy·y·(1 − y)
                TensorPrimitives.Subtract(1f, ys, local);
                TensorPrimitives.Multiply(local, ys, local);
                TensorPrimitives.Multiply(local, dy, local);
                break;
            default:
                // dy·(1 − y²)
                TensorPrimitives.Multiply(ys, ys, local);
                TensorPrimitives.Subtract(1f, local, local);
                TensorPrimitives.Multiply(local, dy, local);
                break;
        }

        if (acc)
        {
            TensorPrimitives.Add(dx, local, dx);
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
