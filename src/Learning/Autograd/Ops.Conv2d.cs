using OrleansFed.Learning.Kernels;

namespace OrleansFed.Learning.Autograd;

public static partial class Ops
{
    /// <summary>
    /// 2-D convolution (cross-correlation, as in PyTorch) of x [batch, Cin, H, W] with W [Cout, Cin, kh, kw] plus
    /// a bias per output channel, optionally followed by a fused ReLU. Computed per example as W·im2col(x).
    /// </summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="x">Input [batch, Cin, H, W].</param>
    /// <param name="weight">Kernels [Cout, Cin, kh, kw].</param>
    /// <param name="bias">Bias [Cout], or null.</param>
    /// <param name="stride">Stride (both directions).</param>
    /// <param name="padding">Zero padding on each side.</param>
    /// <param name="activation">Activation fused into the output stage.</param>
    /// <returns>Output [batch, Cout, OH, OW].</returns>
    public static unsafe Tensor Conv2d(Tape tape, Tensor x, Tensor weight, Tensor? bias, int stride = 1, int padding = 0, Activation activation = Activation.None)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (x.Rank != 4 || weight.Rank != 4 || x.Dim(1) != weight.Dim(1))
        {
            throw new ArgumentException($"Conv2d needs x [batch, Cin, H, W] and W [Cout, Cin, kh, kw]; got {x.ShapeText} and {weight.ShapeText}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        var g = new ConvGeometry(x.Dim(1), x.Dim(2), x.Dim(3), weight.Dim(0), weight.Dim(2), weight.Dim(3), stride, padding);
        if (g.Height + (2 * padding) < g.KernelHeight || g.Width + (2 * padding) < g.KernelWidth)
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
        Tensor y = tape.NewTensor([batch, g.OutChannels, g.OutHeight, g.OutWidth]);
        float[] packedW = tape.Rent(Gemm.PackedASize(g.OutChannels, g.PatchSize));
        int workers = Math.Min(tape.Threads, batch);
        int colsSize = Gemm.PackedBSize(g.PatchSize, g.Positions);
        float[] cols = tape.Rent(colsSize * workers);
        fixed (float* pw = weight.Buffer, pa = packedW)
        {
            Gemm.PackA(g.OutChannels, g.PatchSize, pw, g.PatchSize, 1, pa);
        }

        bool relu = activation == Activation.Relu;
        Workers.Run(workers, w =>
        {
            (int start, int end) = Workers.Range(batch, w, workers);
            fixed (float* px = x.Buffer, py = y.Buffer, pa = packedW, pc = cols)
            fixed (float* pb = bias is null ? null : bias.Buffer)
            {
                float* myCols = pc + ((long)w * colsSize);
                var epilogue = new Epilogue(pb, BiasKind.PerRow, relu);
                for (int s = start; s < end; s++)
                {
                    Im2Col.ToPositionPanels(g, px + ((long)s * g.InputSize), myCols);
                    Gemm.MultiplyPacked(g.OutChannels, g.Positions, g.PatchSize, pa, myCols, Gemm.PanelColumns, (nint)g.PatchSize * Gemm.PanelColumns, null,
                        py + ((long)s * g.OutputSize), g.Positions, false, epilogue, 1);
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
