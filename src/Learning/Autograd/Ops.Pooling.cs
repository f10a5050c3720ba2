using OrleansFed.Learning.Kernels;

namespace OrleansFed.Learning.Autograd;

public static partial class Ops
{
    /// <summary>
    /// 2-D max pooling of channels-last images x [batch, H, W, C] over square windows (no padding; a tie picks the
    /// first maximum in row-major window order).
    /// </summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="x">Input [batch, H, W, C].</param>
    /// <param name="kernelSize">Window size.</param>
    /// <param name="stride">Stride (defaults to the window size).</param>
    /// <returns>Output [batch, OH, OW, C].</returns>
    public static unsafe Tensor MaxPool2d(Tape tape, Tensor x, int kernelSize, int? stride = null)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(x);
        int s = stride ?? kernelSize;
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(s, 1);
        if (x.Rank != 4 || x.Dim(1) < kernelSize || x.Dim(2) < kernelSize)
        {
            throw new ArgumentException($"MaxPool2d needs [batch, H, W, C] with H, W >= {kernelSize}; got {x.ShapeText}.", nameof(x));
        }

        int batch = x.Dim(0), h = x.Dim(1), w = x.Dim(2), c = x.Dim(3);
        int oh = ((h - kernelSize) / s) + 1, ow = ((w - kernelSize) / s) + 1;
        Tensor y = tape.NewTensor([batch, oh, ow, c]);
        bool record = tape.ShouldRecord(x);
        float[]? argMax = record ? tape.Rent(y.Length) : null;
        int workers = tape.Threads, chunk = Workers.ChunkFor(batch, workers);
        Workers.Run(workers, batch, chunk, (_, start, end) =>
        {
            fixed (float* px = x.Buffer, py = y.Buffer, pi = argMax)
            {
                long inOffset = (long)start * h * w * c, outOffset = (long)start * oh * ow * c;
                Pooling.MaxForward(px + inOffset, py + outOffset, pi == null ? null : (int*)pi + outOffset, end - start, h, w, c, kernelSize, s, (int)inOffset);
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

                t.GradientTarget(x, out bool acc);
                float[] dxBuffer = x.GradientBuffer!;
                Workers.Run(workers, batch, chunk, (_, start, end) =>
                {
                    // Each example's indices point into its own slice of dX, so examples split cleanly.
                    if (!acc)
                    {
                        dxBuffer.AsSpan(start * h * w * c, (end - start) * h * w * c).Clear();
                    }

                    fixed (float* pdx = dxBuffer, pdy = y.GradientBuffer, pi = argMax)
                    {
                        long outOffset = (long)start * oh * ow * c;
                        Pooling.MaxBackward(pdy + outOffset, (int*)pi + outOffset, pdx, (long)(end - start) * oh * ow * c);
                    }
                });
            }));
        }

        return y;
    }
}
