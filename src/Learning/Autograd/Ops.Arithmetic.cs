using System.Numerics.Tensors;
using OrleansFed.Learning.Kernels;

namespace OrleansFed.Learning.Autograd;

public static partial class Ops
{
    /// <summary>Element-wise a + b (equal shapes).</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>The sum.</returns>
    public static Tensor Add(Tape tape, Tensor a, Tensor b) => Binary(tape, a, b, multiply: false);

    /// <summary>Element-wise a ⊙ b (equal shapes).</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>The product.</returns>
    public static Tensor Multiply(Tape tape, Tensor a, Tensor b) => Binary(tape, a, b, multiply: true);

    /// <summary>s·a.</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="a">Operand.</param>
    /// <param name="scale">Scalar factor.</param>
    /// <returns>The scaled tensor.</returns>
    public static Tensor Scale(Tape tape, Tensor a, float scale)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(a);
        Tensor y = tape.NewTensor(a.Shape);
        TensorPrimitives.Multiply(a.Data, scale, y.Data);
        if (tape.ShouldRecord(a))
        {
            y.RequiresGrad = true;
            tape.Record(new DelegateNode(t => AccumulateScaled(t, a, y, scale)));
        }

        return y;
    }

    /// <summary>The sum of all elements, as a [1] tensor.</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="a">Operand.</param>
    /// <returns>The sum.</returns>
    public static Tensor Sum(Tape tape, Tensor a)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(a);
        Tensor y = tape.NewTensor([1]);
        y.Data[0] = TensorPrimitives.Sum(a.Data);
        if (tape.ShouldRecord(a))
        {
            y.RequiresGrad = true;
            tape.Record(new DelegateNode(t =>
            {
                if (!y.HasGradient)
                {
                    return;
                }

                float g = y.Gradient[0];
                Span<float> da = t.GradientTarget(a, out bool acc);
                if (acc)
                {
                    TensorPrimitives.Add(da, g, da);
                }
                else
                {
                    da.Fill(g);
                }
            }));
        }

        return y;
    }

    /// <summary>Matrix product a [m, k] · b [k, n].</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="a">Left matrix.</param>
    /// <param name="b">Right matrix.</param>
    /// <returns>The product [m, n].</returns>
    public static unsafe Tensor MatMul(Tape tape, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank != 2 || b.Rank != 2 || a.Dim(1) != b.Dim(0))
        {
            throw new ArgumentException($"MatMul needs [m, k]·[k, n]; got {a.ShapeText}·{b.ShapeText}.");
        }

        int m = a.Dim(0), k = a.Dim(1), n = b.Dim(1);
        Tensor y = tape.NewTensor([m, n]);
        fixed (float* pa = a.Buffer, pb = b.Buffer, py = y.Buffer)
        {
            Gemm.Multiply(m, n, k, pa, k, 1, pb, n, 1, py, n, false, default, tape.Threads);
        }

        if (tape.ShouldRecord(a, b))
        {
            y.RequiresGrad = true;
            tape.Record(new DelegateNode(t =>
            {
                if (!y.HasGradient)
                {
                    return;
                }

                fixed (float* pa = a.Buffer, pb = b.Buffer, pdy = y.GradientBuffer)
                {
                    if (a.RequiresGrad)
                    {
                        // dA = dY · Bᵀ
                        Span<float> da = t.GradientTarget(a, out bool acc);
                        fixed (float* pda = da)
                        {
                            Gemm.Multiply(m, k, n, pdy, n, 1, pb, 1, n, pda, k, acc, default, t.Threads);
                        }
                    }

                    if (b.RequiresGrad)
                    {
                        // dB = Aᵀ · dY
                        Span<float> db = t.GradientTarget(b, out bool acc);
                        fixed (float* pdb = db)
                        {
                            Gemm.Multiply(k, n, m, pa, 1, k, pdy, n, 1, pdb, n, acc, default, t.Threads);
                        }
                    }
                }
            }));
        }

        return y;
    }

    private static Tensor Binary(Tape tape, Tensor a, Tensor b, bool multiply)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.SameShape(b))
        {
            throw new ArgumentException($"Shapes differ: {a.ShapeText} and {b.ShapeText}.");
        }

        Tensor y = tape.NewTensor(a.Shape);
        if (multiply)
        {
            TensorPrimitives.Multiply(a.Data, b.Data, y.Data);
        }
        else
        {
            TensorPrimitives.Add(a.Data, b.Data, y.Data);
        }

        if (tape.ShouldRecord(a, b))
        {
            y.RequiresGrad = true;
            tape.Record(new DelegateNode(t =>
            {
                if (!y.HasGradient)
                {
                    return;
                }

                if (multiply)
                {
                    AccumulateProduct(t, a, y.Gradient, b.Data);
                    AccumulateProduct(t, b, y.Gradient, a.Data);
                }
                else
                {
                    AccumulateScaled(t, a, y, 1f);
                    AccumulateScaled(t, b, y, 1f);
                }
            }));
        }

        return y;
    }

    private static void AccumulateScaled(Tape tape, Tensor input, Tensor output, float scale)
    {
        if (!input.RequiresGrad || !output.HasGradient)
        {
            return;
        }

        Span<float> d = tape.GradientTarget(input, out bool acc);
        if (acc)
        {
            TensorPrimitives.MultiplyAdd(output.Gradient, scale, d, d);
        }
        else
        {
            TensorPrimitives.Multiply(output.Gradient, scale, d);
        }
    }

    private static void AccumulateProduct(Tape tape, Tensor input, ReadOnlySpan<float> upstream, ReadOnlySpan<float> other)
    {
        if (!input.RequiresGrad)
        {
            return;
        }

        Span<float> d = tape.GradientTarget(input, out bool acc);
        if (acc)
        {
            TensorPrimitives.MultiplyAdd(upstream, other, d, d);
        }
        else
        {
            TensorPrimitives.Multiply(upstream, other, d);
        }
    }
}
