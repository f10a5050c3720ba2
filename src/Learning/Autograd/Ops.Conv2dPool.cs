using System.Numerics.Tensors;
using OrleansFed.Learning.Kernels;

namespace OrleansFed.Learning.Autograd;

public static partial class Ops
{
    /// <summary>
    /// MaxPool2d(ReLU(Conv2d(x))) as one operation: each example's convolution output lives only in a small scratch
    /// buffer that is pooled while it is still in cache, and ReLU is applied after pooling (max and ReLU commute).
    /// Same values and gradients as the three operations in sequence, with far less memory traffic.
    /// </summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="x">Input [batch, H, W, Cin].</param>
    /// <param name="weight">Kernels [Cout, kh, kw, Cin].</param>
    /// <param name="bias">Bias [Cout], or null.</param>
    /// <param name="stride">Convolution stride.</param>
    /// <param name="padding">Convolution zero padding.</param>
    /// <param name="poolKernel">Pooling window.</param>
    /// <param name="poolStride">Pooling stride (defaults to the window).</param>
    /// <returns>Output [batch, PH, PW, Cout].</returns>
    public static unsafe Tensor Conv2dReluMaxPool(Tape tape, Tensor x, Tensor weight, Tensor? bias, int stride, int padding, int poolKernel, int? poolStride = null)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (x.Rank != 4 || weight.Rank != 4 || x.Dim(3) != weight.Dim(3))
        {
            throw new ArgumentException($"Conv2d needs x [batch, H, W, Cin] and W [Cout, kh, kw, Cin]; got {x.ShapeText} and {weight.ShapeText}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        int ps = poolStride ?? poolKernel;
        ArgumentOutOfRangeException.ThrowIfLessThan(poolKernel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ps, 1);
        var g = new ConvGeometry(x.Dim(3), x.Dim(1), x.Dim(2), weight.Dim(0), weight.Dim(1), weight.Dim(2), stride, padding);
        if (g.PaddedHeight < g.KernelHeight || g.PaddedWidth < g.KernelWidth || g.OutHeight < poolKernel || g.OutWidth < poolKernel)
        {
            throw new ArgumentException("The kernel is larger than the padded input, or the pooling window larger than the convolution's output.");
        }

        if (bias is not null && (bias.Rank != 1 || bias.Length != g.OutChannels))
        {
            throw new ArgumentException($"Bias must have shape [{g.OutChannels}], got {bias.ShapeText}.", nameof(bias));
        }

        int batch = x.Dim(0), cout = g.OutChannels;
        int ph = ((g.OutHeight - poolKernel) / ps) + 1, pw = ((g.OutWidth - poolKernel) / ps) + 1, pooledPerExample = ph * pw * cout;
        Tensor y = tape.NewTensor([batch, ph, pw, cout]);
        bool record = tape.ShouldRecord(x, weight, bias);
        float[]? argMax = record ? tape.Rent(y.Length) : null;
        float[] packedWt = tape.Rent(Gemm.PackedBSize(g.PatchSize, cout));
        int workers = Math.Min(tape.Threads, batch);
        float[] scratch = tape.Rent((g.PaddedSize + g.OutputSize) * workers);
        fixed (float* pwt = weight.Buffer, pb = packedWt)
        {
            Gemm.PackB(g.PatchSize, cout, pwt, 1, g.PatchSize, pb);
        }

        Workers.Run(workers, batch, Workers.ChunkFor(batch, workers), (slot, start, end) =>
        {
            fixed (float* px = x.Buffer, py = y.Buffer, pb = packedWt, pscratch = scratch, pi = argMax)
            fixed (float* pbias = bias is null ? null : bias.Buffer)
            {
                float* padded = pscratch + ((long)slot * (g.PaddedSize + g.OutputSize));
                float* conv = padded + g.PaddedSize;
                for (int s = start; s < end; s++)
                {
                    float* src = px + ((long)s * g.InputSize);
                    if (g.Padding > 0)
                    {
                        ChannelsLastConv.Pad(g, src, padded);
                        src = padded;
                    }

                    ChannelsLastConv.Forward(g, src, pb, pbias, relu: false, conv);
                    float* pooled = py + ((long)s * pooledPerExample);
                    Pooling.MaxForward(conv, pooled, pi == null ? null : (int*)pi + ((long)s * pooledPerExample), 1, g.OutHeight, g.OutWidth, cout, poolKernel, ps, s * g.OutputSize);
                    var values = new Span<float>(pooled, pooledPerExample);
                    TensorPrimitives.Max(values, 0f, values);
                }
            }
        });

        if (record)
        {
            y.RequiresGrad = true;
            tape.Record(new Conv2dNode(g, x, weight, bias, y, relu: false, new PoolLink(y, argMax!, pooledPerExample)));
        }

        return y;
    }
}
