using OrleansFed.Learning.Kernels;

namespace OrleansFed.Learning.Autograd;

public static partial class Ops
{
    /// <summary>2-D max pooling of x [batch, C, H, W] over square windows (no padding; a tie picks the first maximum).</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="x">Input [batch, C, H, W].</param>
    /// <param name="kernelSize">Window size.</param>
    /// <param name="stride">Stride (defaults to the window size).</param>
    /// <returns>Output [batch, C, OH, OW].</returns>
    public static unsafe Tensor MaxPool2d(Tape tape, Tensor x, int kernelSize, int? stride = null)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(x);
        int s = stride ?? kernelSize;
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(s, 1);
        if (x.Rank != 4 || x.Dim(2) < kernelSize || x.Dim(3) < kernelSize)
        {
            throw new ArgumentException($"MaxPool2d needs [batch, C, H, W] with H, W >= {kernelSize}; got {x.ShapeText}.", nameof(x));
        }

        int planes = x.Dim(0) * x.Dim(1), h = x.Dim(2), w = x.Dim(3);
        int oh = ((h - kernelSize) / s) + 1, ow = ((w - kernelSize) / s) + 1;
        Tensor y = tape.NewTensor([x.Dim(0), x.Dim(1), oh, ow]);
        bool record = tape.ShouldRecord(x);
        float[]? argMax = record ? tape.Rent(y.Length) : null;
        int workers = Math.Min(tape.Threads, Math.Max(1, planes / 64));
        Workers.Run(workers, worker =>
        {
            (int start, int end) = Workers.Range(planes, worker, workers);
            fixed (float* px = x.Buffer, py = y.Buffer, pi = argMax)
            {
                int* index = (int*)pi;
                for (int plane = start; plane < end; plane++)
                {
                    float* src = px + ((long)plane * h * w);
                    float* dst = py + ((long)plane * oh * ow);
                    int* idx = index == null ? null : index + ((long)plane * oh * ow);
                    for (int r = 0; r < oh; r++)
                    {
                        for (int c = 0; c < ow; c++)
                        {
                            int best = (r * s * w) + (c * s);
                            float max = src[best];
                            for (int i = 0; i < kernelSize; i++)
                            {
                                int row = ((r * s) + i) * w;
                                for (int j = 0; j < kernelSize; j++)
                                {
                                    int at = row + (c * s) + j;
                                    if (src[at] > max)
                                    {
                                        max = src[at];
                                        best = at;
                                    }
                                }
                            }

                            dst[(r * ow) + c] = max;
                            if (idx != null)
                            {
                                idx[(r * ow) + c] = best;
                            }
                        }
                    }
                }
            }
        });

        if (record)
        {
            y.RequiresGrad = true;
            tape.Record(new DelegateNode(t =>
            {
                if (!y.HasGradient)
                {
                    return;
                }

                Span<float> dx = t.GradientTarget(x, out bool acc);
                if (!acc)
                {
                    dx.Clear();
                }

                fixed (float* pdx = dx, pdy = y.GradientBuffer, pi = argMax)
                {
                    int* index = (int*)pi;
                    int outPlane = oh * ow;
                    for (int plane = 0; plane < planes; plane++)
                    {
                        float* d = pdx + ((long)plane * h * w);
                        for (int o = 0; o < outPlane; o++)
                        {
                            long at = ((long)plane * outPlane) + o;
                            d[index[at]] += pdy[at];
                        }
                    }
                }
            }));
        }

        return y;
    }
}
