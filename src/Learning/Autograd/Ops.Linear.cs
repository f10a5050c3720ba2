using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using OrleansFed.Learning.Kernels;
using OrleansFed.Learning.Tensors;

namespace OrleansFed.Learning.Autograd;

/// <summary>Differentiable operations. Each records its backward step on the tape when an input needs a gradient.</summary>
public static partial class Ops
{
    /// <summary>
    /// Affine map y = act(x·W + b) for x of shape [batch, in], W of shape [in, out] (stored input-major so the
    /// forward product streams W's rows) and b of shape [out].
    /// </summary>
    /// <param name="tape">The tape that records the operation and provides storage.</param>
    /// <param name="x">Input [batch, in].</param>
    /// <param name="weight">Weight [in, out].</param>
    /// <param name="bias">Bias [out], or null.</param>
    /// <param name="activation">Activation fused into the product's epilogue.</param>
    /// <returns>The output [batch, out].</returns>
    public static unsafe Tensor Linear(Tape tape, Tensor x, Tensor weight, Tensor? bias, Activation activation = Activation.None)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (x.Rank != 2 || weight.Rank != 2 || x.Dim(1) != weight.Dim(0))
        {
            throw new ArgumentException($"Linear needs x [batch, in] and W [in, out]; got {x.ShapeText} and {weight.ShapeText}.");
        }

        int batch = x.Dim(0), inputs = weight.Dim(0), outputs = weight.Dim(1);
        if (bias is not null && (bias.Rank != 1 || bias.Length != outputs))
        {
            throw new ArgumentException($"Bias must have shape [{outputs}], got {bias.ShapeText}.", nameof(bias));
        }

        if (activation is not (Activation.None or Activation.Relu))
        {
            throw new ArgumentException("Linear fuses only ReLU.", nameof(activation));
        }

        Tensor y = tape.NewTensor([batch, outputs]);
        fixed (float* px = x.Buffer, pw = weight.Buffer, py = y.Buffer)
        fixed (float* pb = bias is null ? null : bias.Buffer)
        {
            Gemm.Multiply(batch, outputs, inputs, px, inputs, 1, pw, outputs, 1, py, outputs, accumulate: false,
                new Epilogue(pb, BiasKind.PerColumn, activation == Activation.Relu), tape.Threads);
        }

        if (tape.ShouldRecord(x, weight, bias))
        {
            y.RequiresGrad = true;
            tape.Record(new LinearNode(x, weight, bias, y, activation == Activation.Relu));
        }

        return y;
    }

    private sealed class LinearNode(Tensor x, Tensor w, Tensor? b, Tensor y, bool relu) : BackwardNode, IPerExampleGradient
    {
        private float[]? _dz;

        public override unsafe void Backward(Tape tape)
        {
            if (!y.HasGradient)
            {
                return;
            }

            int batch = x.Dim(0), inputs = w.Dim(0), outputs = w.Dim(1);
            float[] dz = y.GradientBuffer!;
            if (relu)
            {
                // The pre-activation gradient: zero where the output was clamped.
                float[] masked = tape.Rent(y.Length);
                ReluMask(y.Data, dz.AsSpan(0, y.Length), masked);
                dz = masked;
            }

            _dz = dz;
            fixed (float* pdz = dz, px = x.Buffer, pw = w.Buffer)
            {
                if (x.RequiresGrad)
                {
                    // dX = dZ · Wᵀ
                    Span<float> dx = tape.GradientTarget(x, out bool acc);
                    fixed (float* pdx = dx)
                    {
                        Gemm.Multiply(batch, inputs, outputs, pdz, outputs, 1, pw, 1, outputs, pdx, inputs, acc, default, tape.Threads);
                    }
                }

                if (tape.PerExample is { } collector && (w.RequiresGrad || (b?.RequiresGrad ?? false)))
                {
                    collector.Add(this);
                    return;
                }

                if (w.RequiresGrad)
                {
                    // dW = Xᵀ · dZ
                    Span<float> dw = tape.GradientTarget(w, out bool acc);
                    fixed (float* pdw = dw)
                    {
                        Gemm.Multiply(inputs, outputs, batch, px, 1, inputs, pdz, outputs, 1, pdw, outputs, acc, default, tape.Threads);
                    }
                }

                if (b is not null && b.RequiresGrad)
                {
                    Span<float> db = tape.GradientTarget(b, out bool acc);
                    ColumnSums(dz.AsSpan(0, batch * outputs), batch, outputs, db, acc);
                }
            }
        }

        public void AddSquaredNorms(Span<float> squaredNorms)
        {
            int batch = x.Dim(0), inputs = w.Dim(0), outputs = w.Dim(1);
            ReadOnlySpan<float> xs = x.Data;
            ReadOnlySpan<float> dz = _dz.AsSpan(0, batch * outputs);
            for (int i = 0; i < batch; i++)
            {
                // The per-example weight gradient is the outer product x_i ⊗ dz_i, whose squared norm factorises.
                float g2 = TensorPrimitives.Dot(dz.Slice(i * outputs, outputs), dz.Slice(i * outputs, outputs));
                float x2 = w.RequiresGrad ? TensorPrimitives.Dot(xs.Slice(i * inputs, inputs), xs.Slice(i * inputs, inputs)) : 0f;
                squaredNorms[i] += (g2 * x2) + (b is not null && b.RequiresGrad ? g2 : 0f);
            }
        }

        public unsafe void AccumulateScaled(ReadOnlySpan<float> scale, Tape tape)
        {
            int batch = x.Dim(0), inputs = w.Dim(0), outputs = w.Dim(1);
            float[] scaled = tape.Rent(batch * outputs);
            ReadOnlySpan<float> dz = _dz.AsSpan(0, batch * outputs);
            for (int i = 0; i < batch; i++)
            {
                TensorPrimitives.Multiply(dz.Slice(i * outputs, outputs), scale[i], scaled.AsSpan(i * outputs, outputs));
            }

            if (w.RequiresGrad)
            {
                Span<float> dw = tape.GradientTarget(w, out bool acc);
                fixed (float* pdw = dw, px = x.Buffer, ps = scaled)
                {
                    Gemm.Multiply(inputs, outputs, batch, px, 1, inputs, ps, outputs, 1, pdw, outputs, acc, default, tape.Threads);
                }
            }

            if (b is not null && b.RequiresGrad)
            {
                Span<float> db = tape.GradientTarget(b, out bool acc);
                ColumnSums(scaled.AsSpan(0, batch * outputs), batch, outputs, db, acc);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ColumnSums(ReadOnlySpan<float> matrix, int rows, int columns, Span<float> sums, bool accumulate)
    {
        if (!accumulate)
        {
            sums.Clear();
        }

        for (int i = 0; i < rows; i++)
        {
            TensorPrimitives.Add(sums, matrix.Slice(i * columns, columns), sums);
        }
    }
}
