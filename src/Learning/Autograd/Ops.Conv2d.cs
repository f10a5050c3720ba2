using OrleansFed.Learning.Kernels;

namespace OrleansFed.Learning.Autograd;

public static partial class Ops
{
    /// <summary>
    /// 2-D convolution (cross-correlation, as in PyTorch) of channels-last images x [batch, H, W, Cin] with kernels
    /// W [Cout, kh, kw, Cin] plus a bias per output channel, optionally followed by a fused ReLU.
    /// </summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="x">Input [batch, H, W, Cin].</param>
    /// <param name="weight">Kernels [Cout, kh, kw, Cin].</param>
    /// <param name="bias">Bias [Cout], or null.</param>
    /// <param name="stride">Stride (both directions).</param>
    /// <param name="padding">Zero padding on each side.</param>
    /// <param name="activation">Activation fused into the output stage.</param>
    /// <returns>Output [batch, OH, OW, Cout].</returns>
    public static unsafe Tensor Conv2d(Tape tape, Tensor x, Tensor weight, Tensor? bias, int stride = 1, int padding = 0, Activation activation = Activation.None)
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
        var g = new ConvGeometry(x.Dim(3), x.Dim(1), x.Dim(2), weight.Dim(0), weight.Dim(1), weight.Dim(2), stride, padding);
        if (g.PaddedHeight < g.KernelHeight || g.PaddedWidth < g.KernelWidth)
        {
            throw new ArgumentException("The kernel is larger than the padded input.", nameof(weight));
        }

        if (bias is not null && (bias.Rank != 1 || bias.Length != g.OutChannels))
        {
            throw new ArgumentException($"Bias must have shape [{g.OutChannels}], got {bias.ShapeText}.", nameof(bias));
        }

        if (activation is not (Activation.None or Activation.Relu))
        {
            throw new ArgumentException("Conv2d fuses only ReLU.", nameof(activation));
        }

        int batch = x.Dim(0);
        Tensor y = tape.NewTensor([batch, g.OutHeight, g.OutWidth, g.OutChannels]);
        float[] packedWt = tape.Rent(Gemm.PackedBSize(g.PatchSize, g.OutChannels));
        int workers = Math.Min(tape.Threads, batch);
        float[]? padded = g.Padding > 0 ? tape.Rent(g.PaddedSize * workers) : null;
        fixed (float* pw = weight.Buffer, pb = packedWt)
        {
            // Wᵀ [K×Cout] as B panels: column co of Wᵀ is row co of W.
            Gemm.PackB(g.PatchSize, g.OutChannels, pw, 1, g.PatchSize, pb);
        }

        bool relu = activation == Activation.Relu;
        Workers.Run(workers, batch, Workers.ChunkFor(batch, workers), (w, start, end) =>
        {
            fixed (float* px = x.Buffer, py = y.Buffer, pb = packedWt, ppad = padded)
            fixed (float* pbias = bias is null ? null : bias.Buffer)
            {
                float* myPad = ppad == null ? null : ppad + ((long)w * g.PaddedSize);
                for (int s = start; s < end; s++)
                {
                    float* src = px + ((long)s * g.InputSize);
                    if (myPad != null)
                    {
                        ChannelsLastConv.Pad(g, src, myPad);
                        src = myPad;
                    }

                    ChannelsLastConv.Forward(g, src, pb, pbias, relu, py + ((long)s * g.OutputSize));
                }
            }
        });

        if (tape.ShouldRecord(x, weight, bias))
        {
            y.RequiresGrad = true;
            tape.Record(new Conv2dNode(g, x, weight, bias, y, relu));
        }

        return y;
    }
}
