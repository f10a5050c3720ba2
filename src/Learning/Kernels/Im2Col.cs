using System.Runtime.Intrinsics;

namespace OrleansFed.Learning.Kernels;

/// <summary>
/// Patch extraction for convolution as a matrix product. "Position panels" are the B operand of the forward
/// product W[Cout×K]·cols[K×P]: panels of NR output positions, each K rows of NR floats. "Patch panels" are the B
/// operand of the weight-gradient product dY[Cout×P]·colsᵀ[P×K]: panels of NR patch elements, one row per position.
/// </summary>
internal static unsafe class Im2Col
{
    /// <summary>Writes the patches of one example (CHW at <paramref name="x"/>) as position panels.</summary>
    public static void ToPositionPanels(in ConvGeometry g, float* x, float* dst)
    {
        int nr = Gemm.PanelColumns, k = g.PatchSize, positions = g.Positions;
        int panels = (positions + nr - 1) / nr;
        if (panels * nr != positions)
        {
            // The padding columns of the last panel must read as zero.
            float* last = dst + ((long)(panels - 1) * k * nr);
            int valid = positions - ((panels - 1) * nr);
            for (int r = 0; r < k; r++)
            {
                new Span<float>(last + ((long)r * nr) + valid, nr - valid).Clear();
            }
        }

        int oh = g.OutHeight, ow = g.OutWidth, s = g.Stride, pad = g.Padding;
        for (int c = 0; c < g.InChannels; c++)
        {
            float* plane = x + ((long)c * g.Height * g.Width);
            for (int ki = 0; ki < g.KernelHeight; ki++)
            {
                for (int kj = 0; kj < g.KernelWidth; kj++)
                {
                    int kidx = (((c * g.KernelHeight) + ki) * g.KernelWidth) + kj;
                    // Output columns whose input column lies inside the image.
                    int owLo = Math.Max(0, CeilDiv(pad - kj, s));
                    int owHi = Math.Min(ow, FloorDiv(g.Width - 1 + pad - kj, s) + 1);
                    for (int r = 0; r < oh; r++)
                    {
                        int ih = (r * s) - pad + ki;
                        int p0 = r * ow;
                        if (ih < 0 || ih >= g.Height || owLo >= owHi)
                        {
                            WriteZeros(dst, k, kidx, p0, ow);
                            continue;
                        }

                        float* src = plane + ((long)ih * g.Width);
                        if (owLo > 0)
                        {
                            WriteZeros(dst, k, kidx, p0, owLo);
                        }

                        if (s == 1)
                        {
                            CopyRun(dst, k, kidx, p0 + owLo, src + (owLo - pad + kj), owHi - owLo);
                        }
                        else
                        {
                            for (int q = owLo; q < owHi; q++)
                            {
                                int p = p0 + q;
                                dst[(((long)(p / nr) * k) + kidx) * nr + (p % nr)] = src[(q * s) - pad + kj];
                            }
                        }

                        if (owHi < ow)
                        {
                            WriteZeros(dst, k, kidx, p0 + owHi, ow - owHi);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Re-lays position panels of one example as patch panels: row (depthOffset + p) of patch panel j holds patch
    /// elements j·NR … j·NR+NR−1 of position p. Patch panels hold <paramref name="depth"/> rows each.
    /// </summary>
    public static void PositionToPatchPanels(in ConvGeometry g, float* positionPanels, float* dst, int depth, int depthOffset)
    {
        int nr = Gemm.PanelColumns, k = g.PatchSize, positions = g.Positions;
        int kFull = k / 8 * 8;
        for (int p0 = 0; p0 < positions; p0 += nr)
        {
            int count = Math.Min(nr, positions - p0);
            float* panel = positionPanels + ((long)(p0 / nr) * k * nr);
            for (int e = 0; e < kFull; e += 8)
            {
                float* target = dst + ((((long)(e / nr) * depth) + depthOffset + p0) * nr) + (e % nr);
                Packing.Transpose8Rows(panel + ((long)e * nr), nr, count, target, nr);
            }

            for (int e = kFull; e < Gemm.RoundUp(k, nr); e++)
            {
                float* target = dst + ((((long)(e / nr) * depth) + depthOffset + p0) * nr) + (e % nr);
                for (int q = 0; q < count; q++)
                {
                    target[(long)q * nr] = e < k ? panel[((long)e * nr) + q] : 0f;
                }
            }
        }
    }

    /// <summary>Adds a patch-gradient matrix dcols[K×P] (row-major) back onto the input gradient of one example.</summary>
    public static void AddColumnsToImage(in ConvGeometry g, float* dcols, float* dx)
    {
        int oh = g.OutHeight, ow = g.OutWidth, s = g.Stride, pad = g.Padding, positions = g.Positions;
        for (int c = 0; c < g.InChannels; c++)
        {
            float* plane = dx + ((long)c * g.Height * g.Width);
            for (int ki = 0; ki < g.KernelHeight; ki++)
            {
                for (int kj = 0; kj < g.KernelWidth; kj++)
                {
                    int kidx = (((c * g.KernelHeight) + ki) * g.KernelWidth) + kj;
                    float* row = dcols + ((long)kidx * positions);
                    int owLo = Math.Max(0, CeilDiv(pad - kj, s));
                    int owHi = Math.Min(ow, FloorDiv(g.Width - 1 + pad - kj, s) + 1);
                    for (int r = 0; r < oh; r++)
                    {
                        int ih = (r * s) - pad + ki;
                        if (ih < 0 || ih >= g.Height)
                        {
                            continue;
                        }

                        float* target = plane + ((long)ih * g.Width);
                        float* source = row + (r * ow);
                        if (s == 1)
                        {
                            AddRun(source + owLo, target + (owLo - pad + kj), owHi - owLo);
                        }
                        else
                        {
                            for (int q = owLo; q < owHi; q++)
                            {
                                target[(q * s) - pad + kj] += source[q];
                            }
                        }
                    }
                }
            }
        }
    }

    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static int CeilDiv(int a, int b) => -FloorDiv(-a, b);

    private static void WriteZeros(float* dst, int k, int kidx, int p, int count)
    {
        int nr = Gemm.PanelColumns;
        for (int q = 0; q < count; q++, p++)
        {
            dst[((((long)(p / nr) * k) + kidx) * nr) + (p % nr)] = 0f;
        }
    }

    /// <summary>Copies a contiguous input run to consecutive positions, splitting it where it crosses a panel edge.</summary>
    private static void CopyRun(float* dst, int k, int kidx, int p, float* src, int count)
    {
        int nr = Gemm.PanelColumns;
        while (count > 0)
        {
            int offset = p % nr;
            int n = Math.Min(count, nr - offset);
            float* d = dst + ((((long)(p / nr) * k) + kidx) * nr) + offset;
            int i = 0;
            for (; i + 8 <= n; i += 8)
            {
                Vector256.Store(Vector256.Load(src + i), d + i);
            }

            for (; i < n; i++)
            {
                d[i] = src[i];
            }

            src += n;
            p += n;
            count -= n;
        }
    }

    private static void AddRun(float* src, float* dst, int count)
    {
        int i = 0;
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
