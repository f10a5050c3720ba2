using System.Numerics.Tensors;

namespace OrleansFed.Learning.Autograd;

public static partial class Ops
{
    /// <summary>Softmax over the last dimension.</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="x">Input [..., n].</param>
    /// <returns>Probabilities of the input's shape.</returns>
    public static Tensor Softmax(Tape tape, Tensor x) => SoftmaxCore(tape, x, log: false);

    /// <summary>Log-softmax over the last dimension (computed stably).</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="x">Input [..., n].</param>
    /// <returns>Log-probabilities of the input's shape.</returns>
    public static Tensor LogSoftmax(Tape tape, Tensor x) => SoftmaxCore(tape, x, log: true);

    private static Tensor SoftmaxCore(Tape tape, Tensor x, bool log)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(x);
        int n = x.Dim(x.Rank - 1), rows = x.Length / n;
        Tensor y = tape.NewTensor(x.Shape);
        ReadOnlySpan<float> xs = x.Data;
        Span<float> ys = y.Data;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = xs.Slice(r * n, n);
            Span<float> outRow = ys.Slice(r * n, n);
            float max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, outRow);
            if (log)
            {
                float logSum = max + MathF.Log(SumExp(outRow));
                TensorPrimitives.Subtract(row, logSum, outRow);
            }
            else
            {
                TensorPrimitives.Exp(outRow, outRow);
                TensorPrimitives.Multiply(outRow, 1f / TensorPrimitives.Sum(outRow), outRow);
            }
        }

        if (tape.ShouldRecord(x))
        {
            y.RequiresGrad = true;
            tape.Record(new DelegateNode(t =>
            {
                if (!y.HasGradient)
                {
                    return;
                }

                Span<float> dx = t.GradientTarget(x, out bool acc);
                ReadOnlySpan<float> yv = y.Data, dy = y.Gradient;
                for (int r = 0; r < rows; r++)
                {
                    ReadOnlySpan<float> yr = yv.Slice(r * n, n), gr = dy.Slice(r * n, n);
                    Span<float> dr = dx.Slice(r * n, n);
                    if (log)
                    {
                        // d/dx_i = g_i − softmax_i·Σ g
                        float sum = TensorPrimitives.Sum(gr);
                        for (int i = 0; i < n; i++)
                        {
                            float d = gr[i] - (MathF.Exp(yr[i]) * sum);
                            dr[i] = acc ? dr[i] + d : d;
                        }
                    }
                    else
                    {
                        // d/dx_i = y_i·(g_i − Σ g·y)
                        float dot = TensorPrimitives.Dot(gr, yr);
                        for (int i = 0; i < n; i++)
                        {
                            float d = yr[i] * (gr[i] - dot);
                            dr[i] = acc ? dr[i] + d : d;
                        }
                    }
                }
            }));
        }

        return y;
    }

    private static float SumExp(ReadOnlySpan<float> shifted)
    {
        float sum = 0;
        foreach (float v in shifted)
        {
            sum += MathF.Exp(v);
        }

        return sum;
    }
}
