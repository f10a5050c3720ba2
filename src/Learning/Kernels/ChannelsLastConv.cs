using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OrleansFed.Learning.Kernels;

/// <summary>
/// Convolution kernels over channels-last images. The forward product never materialises patches: the microkernel's
/// row form reads each output position's patch straight from the image (KernelHeight runs of KernelWidth·C
/// contiguous floats). The weight gradient packs patches into B panels; the input gradient forms dY·W per example
/// and adds the patch gradients back onto the image.
/// </summary>
internal static unsafe class ChannelsLastConv
{
    /// <summary>Copies one example into the interior of a zero-bordered buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pad(in ConvGeometry g, float* x, float* padded)
    {
        int wp = g.PaddedWidth, c = g.InChannels, pad = g.Padding;
        new Span<float>(padded, g.PaddedSize).Clear();
        for (int r = 0; r < g.Height; r++)
        {
            new ReadOnlySpan<float>(x + ((long)r * g.Width * c), g.Width * c).CopyTo(new Span<float>(padded + ((((long)(r + pad) * wp) + pad) * c), g.Width * c));
        }
    }

    /// <summary>Adds the interior of a padded gradient buffer onto an example's gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddInterior(in ConvGeometry g, float* padded, float* dx)
    {
        int wp = g.PaddedWidth, c = g.InChannels, pad = g.Padding;
        for (int r = 0; r < g.Height; r++)
        {
            AddRun(padded + ((((long)(r + pad) * wp) + pad) * c), dx + ((long)r * g.Width * c), g.Width * c);
        }
    }

    /// <summary>y_s[P×Cout] = patches(src)·Wᵀ + bias (then ReLU), with Wᵀ packed as B panels [K×NR].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(in ConvGeometry g, float* src, float* packedWt, float* bias, bool relu, float* y)
    {
        int mr = Microkernel.Rows, nr = Microkernel.Columns;
        int oh = g.OutHeight, ow = g.OutWidth, s = g.Stride, c = g.InChannels, wp = g.Padding == 0 ? g.Width : g.PaddedWidth;
        int cout = g.OutChannels, k = g.PatchSize;
        float** rows = stackalloc float*[Kernels512.Rows];
        int flags = (bias != null ? TileFlags.BiasPerColumn : 0) | (relu ? TileFlags.Relu : 0);
        for (int r = 0; r < oh; r++)
        {
            for (int q0 = 0; q0 < ow; q0 += mr)
            {
                int valid = Math.Min(mr, ow - q0);
                for (int j = 0; j < mr; j++)
                {
                    // Rows past the edge repeat the last valid position (computed, then discarded).
                    rows[j] = src + ((((long)r * s * wp) + ((q0 + Math.Min(j, valid - 1)) * s)) * c);
                }

                float* outRow = y + ((((long)r * ow) + q0) * cout);
                for (int j0 = 0; j0 < cout; j0 += nr)
                {
                    Microkernel.RowsForm(g.KernelHeight, g.RowRun, rows, (nint)wp * c, packedWt + ((long)j0 * k), nr, (nint)g.RowRun * nr,
                        outRow + j0, cout, valid, Math.Min(nr, cout - j0), flags, bias == null ? null : bias + j0);
                }
            }
        }
    }

    /// <summary>
    /// Writes the patches of one example (from <paramref name="src"/>, already padded) as rows
    /// depthOffset … depthOffset+P−1 of patch panels holding <paramref name="depth"/> rows each (K padded to NR with zeros).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackPatches(in ConvGeometry g, float* src, float* panels, int depth, int depthOffset)
    {
        int nr = Microkernel.Columns, k = g.PatchSize, pad = Gemm.RoundUp(k, nr) - k;
        int oh = g.OutHeight, ow = g.OutWidth, s = g.Stride, c = g.InChannels, wp = g.Padding == 0 ? g.Width : g.PaddedWidth;
        int run = g.RowRun;
        nint panelStride = (nint)depth * nr;
        int row = depthOffset;
        if (k <= nr)
        {
            // The whole patch fits in one panel row: plain copies, no panel crossing.
            for (int r = 0; r < oh; r++)
            {
                for (int q = 0; q < ow; q++, row++)
                {
                    float* dst = panels + ((long)row * nr);
                    float* patch = src + ((((long)r * s * wp) + (q * s)) * c);
                    for (int ki = 0; ki < g.KernelHeight; ki++)
                    {
                        Packing.CopyShort(patch + ((long)ki * wp * c), dst + (ki * run), run);
                    }

                    new Span<float>(dst + k, pad).Clear();
                }
            }

            return;
        }

        for (int r = 0; r < oh; r++)
        {
            for (int q = 0; q < ow; q++, row++)
            {
                var cursor = new PanelCursor(panels + ((long)row * nr), panelStride, nr);
                float* patch = src + ((((long)r * s * wp) + (q * s)) * c);
                for (int ki = 0; ki < g.KernelHeight; ki++)
                {
                    cursor.Copy(patch + ((long)ki * wp * c), run);
                }

                cursor.Zeros(pad);
            }
        }
    }

    /// <summary>Adds patch gradients dcols[P×K] (row-major) onto the (padded) input gradient of one example.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddPatches(in ConvGeometry g, float* dcols, float* dx)
    {
        int oh = g.OutHeight, ow = g.OutWidth, s = g.Stride, c = g.InChannels, wp = g.Padding == 0 ? g.Width : g.PaddedWidth;
        int run = g.RowRun, k = g.PatchSize;
        for (int r = 0; r < oh; r++)
        {
            for (int q = 0; q < ow; q++)
            {
                float* source = dcols + ((((long)r * ow) + q) * k);
                float* target = dx + ((((long)r * s * wp) + (q * s)) * c);
                for (int ki = 0; ki < g.KernelHeight; ki++)
                {
                    AddRun(source + ((long)ki * run), target + ((long)ki * wp * c), run);
                }
            }
        }
    }

    /// <summary>sums[j] (+)= Σ_i m[i·cols + j]: column sums of a row-major matrix (the bias gradient over positions).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ColumnSums(float* m, int rows, int cols, float* sums, bool overwrite)
    {
        int j = 0;
        for (; j + 16 <= cols; j += 16)
        {
            Vector512<float> acc0 = Vector512<float>.Zero, acc1 = Vector512<float>.Zero;
            float* p = m + j;
            int i = 0;
            for (; i + 2 <= rows; i += 2, p += 2 * cols)
            {
                acc0 += Vector512.Load(p);
                acc1 += Vector512.Load(p + cols);
            }

            if (i < rows)
            {
                acc0 += Vector512.Load(p);
            }

            acc0 += acc1;
            Vector512.Store(overwrite ? acc0 : acc0 + Vector512.Load(sums + j), sums + j);
        }

        for (; j < cols; j++)
        {
            float total = 0;
            for (int i = 0; i < rows; i++)
            {
                total += m[((long)i * cols) + j];
            }

            sums[j] = overwrite ? total : sums[j] + total;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddRun(float* src, float* dst, int count)
    {
        int i = 0;
        for (; Vector512.IsHardwareAccelerated && i + 16 <= count; i += 16)
        {
            Vector512.Store(Vector512.Load(dst + i) + Vector512.Load(src + i), dst + i);
        }

        for (; i + 8 <= count; i += 8)
        {
            Vector256.Store(Vector256.Load(dst + i) + Vector256.Load(src + i), dst + i);
        }

        for (; i < count; i++)
        {
            dst[i] += src[i];
        }
    }
}
